using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;

namespace Fulfilment.Payment.Tests;

/// <summary>Shared helpers: pipeline timings short enough for a suite of seconds, and request builders.</summary>
public static class TestPayments
{
    /// <summary>Short timings, generous enough for a loaded 2-core machine; the breaker stays out of the way.</summary>
    public static PaymentResilienceOptions FastOptions { get; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
        TotalTimeout = TimeSpan.FromSeconds(15),
        DeadlineReserve = TimeSpan.Zero,
        BreakerMinimumThroughput = 1_000,
    };

    /// <summary>
    /// For concurrent replays: the processor answers 409 while the first request with the key is running, and how long
    /// that takes on a loaded machine is unknown, so retry often and long enough.
    /// </summary>
    public static PaymentResilienceOptions PatientOptions { get; } = FastOptions with
    {
        MaxRetryAttempts = 40,
        BaseDelay = TimeSpan.FromMilliseconds(50),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        TotalTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>An adapter for <paramref name="processor"/> with its own HTTP client.</summary>
    public static HttpPaymentProvider ProviderFor(FakePaymentProcessor processor, HttpClient http) =>
        new(http, new PaymentProviderOptions(processor.BaseAddress, processor.ApiKey));

    /// <summary>A charge for a fresh order: two lines, 2 × 1250 + 1 × 999 = 3499 EUR cents.</summary>
    public static ChargePaymentRequest Charge(string token = "tok_ok", string? orderId = null) => new(
        orderId ?? OrderIds.New(),
        "cust-1",
        [new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 999)],
        "EUR",
        token,
        "corr-1");
}
