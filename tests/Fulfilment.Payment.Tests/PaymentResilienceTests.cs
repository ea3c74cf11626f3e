using Fulfilment.Contracts.Orders;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fulfilment.Payment.Tests;

[Trait("Category", "Integration")]
public sealed class PaymentResilienceTests : IAsyncLifetime
{
    private readonly HttpClient _http = HttpPaymentProvider.CreateHttpClient();
    private FakePaymentProcessor _processor = null!;
    private HttpPaymentProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _processor = await FakePaymentProcessor.StartAsync(
            new FakePaymentProcessorOptions { FlakyFailures = 2, SlowDelay = TimeSpan.FromSeconds(30) }, CancellationToken.None);
        _provider = TestPayments.ProviderFor(_processor, _http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteAsync_WhenProviderIsFlaky_ShouldCaptureWithinThePipeline()
    {
        var resilience = new PaymentResilience(TestPayments.FastOptions);
        var request = Request("tok_flaky");

        var outcome = await resilience.ExecuteAsync(ct => _provider.ChargeAsync(request, ct), TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.Equal((true, 3), (outcome.IsCaptured, _processor.RequestCount(request.IdempotencyKey)));
    }

    [Fact]
    public async Task ExecuteAsync_WhenCardIsDeclined_ShouldCallProviderExactlyOnce()
    {
        var resilience = new PaymentResilience(TestPayments.FastOptions);
        var request = Request("tok_decline");

        await resilience.ExecuteAsync(ct => _provider.ChargeAsync(request, ct), TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.Equal(1, _processor.RequestCount(request.IdempotencyKey));
    }

    [Fact]
    public async Task ExecuteAsync_WhenProviderKeepsFailing_ShouldGiveUpAfterMaxRetries()
    {
        await using var down = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { Faults = new FaultSettings(ErrorRate: 1) }, CancellationToken.None);
        var provider = TestPayments.ProviderFor(down, _http);
        var resilience = new PaymentResilience(TestPayments.FastOptions);
        var request = Request("tok_ok");

        await Assert.ThrowsAsync<PaymentProviderTransientException>(
            () => resilience.ExecuteAsync(ct => provider.ChargeAsync(request, ct), TimeSpan.FromSeconds(15), CancellationToken.None));

        Assert.Equal(TestPayments.FastOptions.MaxRetryAttempts + 1, down.RequestCount(request.IdempotencyKey));
    }

    [Fact]
    public async Task ExecuteAsync_WhenAttemptOutlastsAttemptTimeout_ShouldThrowTimeoutRejected()
    {
        var resilience = new PaymentResilience(TestPayments.FastOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(300), MaxRetryAttempts = 0 });
        var request = Request("tok_slow");

        await Assert.ThrowsAsync<TimeoutRejectedException>(
            () => resilience.ExecuteAsync(ct => _provider.ChargeAsync(request, ct), TimeSpan.FromSeconds(15), CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_WhenCallOutlastsTheBudget_ShouldThrowTimeoutRejected()
    {
        var resilience = new PaymentResilience(TestPayments.FastOptions with { AttemptTimeout = TimeSpan.FromSeconds(20) });
        var request = Request("tok_slow");

        await Assert.ThrowsAsync<TimeoutRejectedException>(
            () => resilience.ExecuteAsync(ct => _provider.ChargeAsync(request, ct), TimeSpan.FromMilliseconds(500), CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_WhenBudgetIsBelowMinimum_ShouldNotCallProvider()
    {
        var resilience = new PaymentResilience(TestPayments.FastOptions);
        var request = Request("tok_ok");

        await Assert.ThrowsAsync<TimeoutRejectedException>(
            () => resilience.ExecuteAsync(ct => _provider.ChargeAsync(request, ct), TimeSpan.FromMilliseconds(10), CancellationToken.None));

        Assert.Equal(0, _processor.RequestCount(request.IdempotencyKey));
    }

    [Fact]
    public async Task ExecuteAsync_WhenBreakerHasOpened_ShouldFailFastWithoutCallingProvider()
    {
        await using var down = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { Faults = new FaultSettings(ErrorRate: 1) }, CancellationToken.None);
        var provider = TestPayments.ProviderFor(down, _http);
        var resilience = new PaymentResilience(TestPayments.FastOptions with
        {
            MaxRetryAttempts = 1,
            BreakerMinimumThroughput = 2,
            BreakerSamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = TimeSpan.FromSeconds(60),
        });
        await Assert.ThrowsAsync<PaymentProviderTransientException>(
            () => resilience.ExecuteAsync(ct => provider.ChargeAsync(Request("tok_ok"), ct), TimeSpan.FromSeconds(15), CancellationToken.None));
        var request = Request("tok_ok");

        await Assert.ThrowsAsync<BrokenCircuitException>(
            () => resilience.ExecuteAsync(ct => provider.ChargeAsync(request, ct), TimeSpan.FromSeconds(15), CancellationToken.None));

        Assert.Equal(0, down.RequestCount(request.IdempotencyKey));
    }

    [Fact]
    public void BudgetFor_WhenLambdaHasLittleTimeLeft_ShouldKeepTheReserveBack()
    {
        var resilience = new PaymentResilience(new PaymentResilienceOptions { DeadlineReserve = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(20) });

        Assert.Equal(TimeSpan.FromSeconds(3), resilience.BudgetFor(TimeSpan.FromSeconds(5)));
    }

    private static ProviderChargeRequest Request(string token)
    {
        var orderId = OrderIds.New();
        return new ProviderChargeRequest(orderId, 3499, "EUR", token, PaymentIdempotencyKeys.Charge(orderId));
    }
}
