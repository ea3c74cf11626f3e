namespace Fulfilment.Payment.Resilience;

/// <summary>The timings of the provider pipeline. Defaults fit a Lambda with a 30 s timeout; tests use much shorter ones.</summary>
public sealed record PaymentResilienceOptions
{
    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, for transient failures only.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The first backoff delay; doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff delay, including one asked for by <c>Retry-After</c>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most one call may take across all attempts, even when the Lambda has more time left.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time kept back from the Lambda's remaining time for recording the outcome and answering.</summary>
    public TimeSpan DeadlineReserve { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Below this budget no call is started: it could not finish.</summary>
    public TimeSpan MinimumBudget { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Share of failed calls in <see cref="BreakerSamplingDuration"/> that opens the breaker.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Calls needed in the sampling window before the breaker may open (at least 2).</summary>
    public int BreakerMinimumThroughput { get; init; } = 10;

    /// <summary>The breaker's sampling window (at least 500 ms).</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker stays open before letting one call probe the provider (at least 500 ms).</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}
