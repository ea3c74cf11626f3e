using Fulfilment.Payment.Provider;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Fulfilment.Payment.Resilience;

/// <summary>
/// The Polly v8 pipeline around every provider call, outermost first: overall deadline (the smaller of
/// <see cref="PaymentResilienceOptions.TotalTimeout"/> and the caller's budget), retry with exponential backoff and
/// jitter honouring <c>Retry-After</c>, circuit breaker, per-attempt timeout. Only transient failures are retried or
/// counted by the breaker; a decline is a normal result and passes straight through. One instance per process, so the
/// breaker sees every call.
/// </summary>
public sealed class PaymentResilience
{
    private static readonly ResiliencePropertyKey<TimeSpan> BudgetKey = new("fulfilment.payment.budget");
    private readonly ResiliencePipeline _pipeline;
    private readonly PaymentResilienceOptions _options;

    /// <summary>Builds the pipeline.</summary>
    public PaymentResilience(PaymentResilienceOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var transient = new PredicateBuilder()
            .Handle<PaymentProviderTransientException>()
            .Handle<TimeoutRejectedException>()
            .Handle<HttpRequestException>();

        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "overall-deadline",
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(BudgetKey, out var budget) && budget < options.TotalTimeout ? budget : options.TotalTimeout),
        });

        // Polly refuses zero retries; zero means "single attempt", so leave the strategy out.
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "retry-transient",
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is PaymentProviderTransientException { RetryAfter: { } retryAfter }
                        ? (retryAfter < options.MaxDelay ? retryAfter : options.MaxDelay)
                        : null),
            });
        }

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                Name = "provider-breaker",
                ShouldHandle = transient,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "attempt-timeout", Timeout = options.AttemptTimeout });
        _pipeline = builder.Build();
    }

    private PaymentResilience(PaymentResilienceOptions options, ResiliencePipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
    }

    /// <summary>The options the pipeline was built from.</summary>
    public PaymentResilienceOptions Options => _options;

    /// <summary>No retries, no timeouts, no breaker: one bare attempt (for measuring the pipeline's own cost).</summary>
    public static PaymentResilience None() => new(new PaymentResilienceOptions(), ResiliencePipeline.Empty);

    /// <summary>
    /// The time a call may take given what the Lambda has left: the remaining time minus the reserve, capped by the
    /// total timeout; the total timeout alone when the remaining time is unknown.
    /// </summary>
    public TimeSpan BudgetFor(TimeSpan? remaining)
    {
        if (remaining is null)
        {
            return _options.TotalTimeout;
        }

        var budget = remaining.Value - _options.DeadlineReserve;
        return budget < _options.TotalTimeout ? budget : _options.TotalTimeout;
    }

    /// <summary>
    /// Runs <paramref name="call"/> through the pipeline within <paramref name="budget"/>. Throws what the last attempt
    /// threw (<see cref="PaymentProviderTransientException"/>), <see cref="TimeoutRejectedException"/> when time ran out,
    /// or <see cref="BrokenCircuitException"/> while the breaker is open.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (budget < _options.MinimumBudget)
        {
            // Polly treats a non-positive timeout as "no timeout": refuse explicitly rather than run unbounded.
            throw new TimeoutRejectedException($"Only {budget.TotalMilliseconds:F0} ms left for the provider call; not starting it.", budget);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(BudgetKey, budget);
        try
        {
            return await _pipeline.ExecuteAsync(static async (ctx, state) => await state(ctx.CancellationToken), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
