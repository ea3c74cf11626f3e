using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;
using Fulfilment.Testing;

namespace Fulfilment.Payment.Tests;

[Trait("Category", "Integration")]
public sealed class PaymentServiceTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private readonly HttpClient _http = HttpPaymentProvider.CreateHttpClient();
    private FakePaymentProcessor _processor = null!;
    private PaymentStore _store = null!;
    private PaymentService _service = null!;

    public async Task InitializeAsync()
    {
        _processor = await FakePaymentProcessor.StartAsync(
            new FakePaymentProcessorOptions { FlakyFailures = 2, SlowDelay = TimeSpan.FromSeconds(1.5) }, CancellationToken.None);
        _store = new PaymentStore(dynamo.Client, dynamo.PaymentsTable);
        _service = ServiceFor(_processor, TestPayments.FastOptions);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task ChargeAsync_WhenReplayedSequentially_ShouldCaptureOnceAndReportReplay()
    {
        var request = TestPayments.Charge();

        var first = await _service.ChargeAsync(request, null, CancellationToken.None);
        var second = await _service.ChargeAsync(request, null, CancellationToken.None);

        Assert.Equal(
            (first.ChargeId, true, 1),
            (second.ChargeId, second.Replayed, _processor.Ledger(request.OrderId).Captures.Count));
    }

    [Fact]
    public async Task ChargeAsync_WhenReplayedConcurrently_ShouldCaptureOnce()
    {
        var request = TestPayments.Charge();
        var service = ServiceFor(_processor, TestPayments.PatientOptions);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => service.ChargeAsync(request, null, CancellationToken.None))));

        Assert.Equal(
            (1, 1),
            (results.Select(r => r.ChargeId).Distinct().Count(), _processor.Ledger(request.OrderId).Captures.Count));
    }

    [Fact]
    public async Task ChargeAsync_WhenCaptured_ShouldStoreCapturedWithTheSumOfTheLines()
    {
        var request = TestPayments.Charge();

        await _service.ChargeAsync(request, null, CancellationToken.None);

        var stored = await _store.GetAsync(request.OrderId, CancellationToken.None);
        Assert.Equal((PaymentState.Captured, 3499L, "EUR"), (stored!.State, stored.AmountMinor, stored.Currency));
    }

    [Fact]
    public async Task ChargeAsync_WhenDeclined_ShouldThrowPaymentDeclinedAfterOneProviderCall()
    {
        var request = TestPayments.Charge("tok_insufficient_funds");

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => _service.ChargeAsync(request, null, CancellationToken.None));

        Assert.Equal((ErrorNames.PaymentDeclined, 1), (error.ErrorName, _processor.RequestCount(PaymentIdempotencyKeys.Charge(request.OrderId))));
    }

    [Fact]
    public async Task ChargeAsync_WhenDeclineIsReplayed_ShouldDeclineAgainWithoutCallingProvider()
    {
        var request = TestPayments.Charge("tok_decline");
        await Assert.ThrowsAsync<NamedErrorException>(() => _service.ChargeAsync(request, null, CancellationToken.None));

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => _service.ChargeAsync(request, null, CancellationToken.None));

        Assert.Equal((ErrorNames.PaymentDeclined, 1), (error.ErrorName, _processor.RequestCount(PaymentIdempotencyKeys.Charge(request.OrderId))));
    }

    [Fact]
    public async Task ChargeAsync_WhenProviderIsFlaky_ShouldCaptureWithinThePipeline()
    {
        var request = TestPayments.Charge("tok_flaky");

        var result = await _service.ChargeAsync(request, null, CancellationToken.None);

        Assert.Equal((PaymentState.Captured, 1), (result.State, _processor.Ledger(request.OrderId).Captures.Count));
    }

    [Fact]
    public async Task ChargeAsync_WhenProviderIsDown_ShouldThrowUnavailableAndLeaveNoCapturedRecord()
    {
        await using var down = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { Faults = new FaultSettings(ErrorRate: 1) }, CancellationToken.None);
        var service = ServiceFor(down, TestPayments.FastOptions);
        var request = TestPayments.Charge();

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => service.ChargeAsync(request, null, CancellationToken.None));

        var stored = await _store.GetAsync(request.OrderId, CancellationToken.None);
        Assert.Equal((ErrorNames.PaymentProviderUnavailable, PaymentState.Pending), (error.ErrorName, stored!.State));
    }

    [Fact]
    public async Task ChargeAsync_WhenFirstCallTimesOutMidChargeAndIsReplayed_ShouldCaptureOnce()
    {
        var impatient = ServiceFor(_processor, TestPayments.FastOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(300), MaxRetryAttempts = 0 });
        var patient = ServiceFor(_processor, TestPayments.PatientOptions);
        var request = TestPayments.Charge("tok_slow");
        await Assert.ThrowsAsync<NamedErrorException>(() => impatient.ChargeAsync(request, null, CancellationToken.None));

        var replay = await patient.ChargeAsync(request, null, CancellationToken.None);

        var capture = Assert.Single(_processor.Ledger(request.OrderId).Captures);
        Assert.Equal(capture.Id, replay.ChargeId);
    }

    [Fact]
    public async Task ChargeAsync_WhenReplayHasAnotherAmount_ShouldThrowPaymentMismatch()
    {
        var request = TestPayments.Charge();
        await _service.ChargeAsync(request, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<NamedErrorException>(
            () => _service.ChargeAsync(request with { Lines = [.. request.Lines, new("SKU-3", 1, 1)] }, null, CancellationToken.None));

        Assert.Equal(ErrorNames.PaymentMismatch, error.ErrorName);
    }

    [Fact]
    public async Task ChargeAsync_WhenCurrencyIsUnknown_ShouldThrowInvalidInput()
    {
        var error = await Assert.ThrowsAsync<NamedErrorException>(
            () => _service.ChargeAsync(TestPayments.Charge() with { Currency = "XYZ1" }, null, CancellationToken.None));

        Assert.Equal(ErrorNames.InvalidInput, error.ErrorName);
    }

    [Fact]
    public async Task RefundAsync_WhenCalledTwice_ShouldRefundOnce()
    {
        var charge = TestPayments.Charge();
        await _service.ChargeAsync(charge, null, CancellationToken.None);
        var refund = new RefundPaymentRequest(charge.OrderId, "corr-1", "compensation");

        var first = await _service.RefundAsync(refund, null, CancellationToken.None);
        var second = await _service.RefundAsync(refund, null, CancellationToken.None);

        Assert.Equal(
            (true, false, first.RefundId, 1),
            (first.Changed, second.Changed, second.RefundId, _processor.Ledger(charge.OrderId).Refunds.Count));
    }

    [Fact]
    public async Task RefundAsync_WhenCalledConcurrently_ShouldRefundOnce()
    {
        var charge = TestPayments.Charge();
        await _service.ChargeAsync(charge, null, CancellationToken.None);
        var refund = new RefundPaymentRequest(charge.OrderId);
        var service = ServiceFor(_processor, TestPayments.PatientOptions);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => service.RefundAsync(refund, null, CancellationToken.None))));

        Assert.Single(_processor.Ledger(charge.OrderId).Refunds);
    }

    [Fact]
    public async Task RefundAsync_WhenNothingWasCharged_ShouldReportNoChange()
    {
        var result = await _service.RefundAsync(new RefundPaymentRequest("01JNOTHINGCHARGED000000000"), null, CancellationToken.None);

        Assert.Equal((false, (PaymentState?)null), (result.Changed, result.State));
    }

    [Fact]
    public async Task ChargeAsync_WhenRefundedChargeIsReplayed_ShouldNotChargeAgain()
    {
        var charge = TestPayments.Charge();
        await _service.ChargeAsync(charge, null, CancellationToken.None);
        await _service.RefundAsync(new RefundPaymentRequest(charge.OrderId), null, CancellationToken.None);

        var replay = await _service.ChargeAsync(charge, null, CancellationToken.None);

        Assert.Equal((PaymentState.Refunded, 1), (replay.State, _processor.Ledger(charge.OrderId).Captures.Count));
    }

    [Fact]
    public async Task RefundAsync_WhenTheCaptureWasMadeButItsAnswerLost_ShouldFindAndRefundIt()
    {
        var orderId = await PendingWithCaptureAtProviderAsync();

        var result = await _service.RefundAsync(new RefundPaymentRequest(orderId, PaymentToken: "tok_ok"), null, CancellationToken.None);

        var ledger = _processor.Ledger(orderId);
        Assert.Equal((true, 1, 1), (result.Changed, ledger.Captures.Count, ledger.Refunds.Count));
    }

    [Fact]
    public async Task RefundAsync_WhenTheChargeOutcomeIsUnknownAndTheProviderIsDown_ShouldFailSoTheWorkflowRetries()
    {
        var orderId = await PendingWithCaptureAtProviderAsync();
        _processor.Faults = new FaultSettings(ErrorRate: 1);

        var error = await Assert.ThrowsAsync<NamedErrorException>(
            () => _service.RefundAsync(new RefundPaymentRequest(orderId, PaymentToken: "tok_ok"), null, CancellationToken.None));

        Assert.Equal(ErrorNames.PaymentProviderUnavailable, error.ErrorName);
    }

    /// <summary>The provider captured the charge, but the payment item stayed Pending: every answer was lost.</summary>
    private async Task<string> PendingWithCaptureAtProviderAsync()
    {
        var charge = TestPayments.Charge();
        var key = PaymentIdempotencyKeys.Charge(charge.OrderId);
        await TestPayments.ProviderFor(_processor, _http).ChargeAsync(new ProviderChargeRequest(charge.OrderId, 3499, "EUR", "tok_ok", key), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        await _store.TryCreateAsync(new PaymentRecord(charge.OrderId, PaymentState.Pending, 3499, "EUR", charge.CustomerId, key, now, now), CancellationToken.None);
        return charge.OrderId;
    }

    private PaymentService ServiceFor(FakePaymentProcessor processor, PaymentResilienceOptions options) =>
        new(_store, TestPayments.ProviderFor(processor, _http), new PaymentResilience(options));
}
