using System.Net;
using System.Net.Sockets;
using Fulfilment.Contracts.Orders;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Provider;

namespace Fulfilment.Payment.Tests;

[Trait("Category", "Integration")]
public sealed class HttpPaymentProviderTests : IAsyncLifetime
{
    private readonly HttpClient _http = HttpPaymentProvider.CreateHttpClient();
    private FakePaymentProcessor _processor = null!;
    private HttpPaymentProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _processor = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions(), CancellationToken.None);
        _provider = TestPayments.ProviderFor(_processor, _http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task ChargeAsync_WhenTokenIsOk_ShouldReturnCaptureRecordedInLedger()
    {
        var request = Request("tok_ok");

        var outcome = await _provider.ChargeAsync(request, CancellationToken.None);

        var capture = Assert.Single(_processor.Ledger(request.OrderId).Captures);
        Assert.Equal((outcome.ChargeId, 3499L, "EUR", request.IdempotencyKey), (capture.Id, capture.Amount, capture.Currency, capture.IdempotencyKey));
    }

    [Theory]
    [InlineData("tok_decline", "generic_decline")]
    [InlineData("tok_insufficient_funds", "insufficient_funds")]
    public async Task ChargeAsync_WhenCardIsDeclined_ShouldReturnDeclineCode(string token, string declineCode)
    {
        var outcome = await _provider.ChargeAsync(Request(token), CancellationToken.None);

        Assert.Equal((false, declineCode), (outcome.IsCaptured, outcome.DeclineCode));
    }

    [Fact]
    public async Task ChargeAsync_WhenSameKeySentTwice_ShouldReturnTheFirstChargeAndCaptureOnce()
    {
        var request = Request("tok_ok");

        var first = await _provider.ChargeAsync(request, CancellationToken.None);
        var second = await _provider.ChargeAsync(request, CancellationToken.None);

        Assert.Equal((first.ChargeId, 1), (second.ChargeId, _processor.Ledger(request.OrderId).Captures.Count));
    }

    [Fact]
    public async Task ChargeAsync_WhenSameKeySentWithOtherAmount_ShouldThrowRejectedWithKeyReusedCode()
    {
        var request = Request("tok_ok");
        await _provider.ChargeAsync(request, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PaymentProviderRejectedException>(() => _provider.ChargeAsync(request with { AmountMinor = 1 }, CancellationToken.None));

        Assert.Equal((422, PaymentProviderRejectedException.IdempotencyKeyReused), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task ChargeAsync_WhenProcessorAnswers429_ShouldThrowTransientWithRetryAfter()
    {
        await using var limited = await FakePaymentProcessor.StartAsync(
            new FakePaymentProcessorOptions { Faults = new FaultSettings(ErrorRate: 1, ErrorStatus: 429) }, CancellationToken.None);
        var provider = TestPayments.ProviderFor(limited, _http);

        var error = await Assert.ThrowsAsync<PaymentProviderTransientException>(() => provider.ChargeAsync(Request("tok_ok"), CancellationToken.None));

        Assert.Equal((429, TimeSpan.FromSeconds(1)), (error.StatusCode, error.RetryAfter));
    }

    [Fact]
    public async Task ChargeAsync_WhenApiKeyIsWrong_ShouldThrowRejected()
    {
        var provider = new HttpPaymentProvider(_http, new PaymentProviderOptions(_processor.BaseAddress, "wrong-key"));

        var error = await Assert.ThrowsAsync<PaymentProviderRejectedException>(() => provider.ChargeAsync(Request("tok_ok"), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
    }

    [Fact]
    public async Task ChargeAsync_WhenNothingListens_ShouldThrowTransient()
    {
        var provider = new HttpPaymentProvider(_http, new PaymentProviderOptions(new Uri($"http://127.0.0.1:{UnusedPort()}/"), "key"));

        await Assert.ThrowsAsync<PaymentProviderTransientException>(() => provider.ChargeAsync(Request("tok_ok"), CancellationToken.None));
    }

    [Fact]
    public async Task RefundAsync_WhenSameKeySentTwice_ShouldRefundOnce()
    {
        var charge = Request("tok_ok");
        var captured = await _provider.ChargeAsync(charge, CancellationToken.None);
        var refund = new ProviderRefundRequest(charge.OrderId, captured.ChargeId!, 3499, "EUR", PaymentIdempotencyKeys.Refund(charge.OrderId));

        var first = await _provider.RefundAsync(refund, CancellationToken.None);
        var second = await _provider.RefundAsync(refund, CancellationToken.None);

        Assert.Equal((first.RefundId, 1), (second.RefundId, _processor.Ledger(charge.OrderId).Refunds.Count));
    }

    [Fact]
    public void ToString_WhenOptionsHoldAKey_ShouldNotShowIt()
    {
        var options = new PaymentProviderOptions(new Uri("http://127.0.0.1:1/"), "sk_live_secret");

        Assert.DoesNotContain("sk_live_secret", options.ToString(), StringComparison.Ordinal);
    }

    private static ProviderChargeRequest Request(string token)
    {
        var orderId = OrderIds.New();
        return new ProviderChargeRequest(orderId, 3499, "EUR", token, PaymentIdempotencyKeys.Charge(orderId));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
