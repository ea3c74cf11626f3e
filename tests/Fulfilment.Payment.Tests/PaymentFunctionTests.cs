using System.Text.Json;
using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Steps;
using Fulfilment.Lambda;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Hosting;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;
using Fulfilment.Testing;

namespace Fulfilment.Payment.Tests;

[Trait("Category", "Integration")]
public sealed class PaymentFunctionTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private readonly HttpClient _http = HttpPaymentProvider.CreateHttpClient();
    private readonly LambdaHandlerRegistry _registry = new();
    private FakePaymentProcessor _processor = null!;

    public async Task InitializeAsync()
    {
        _processor = await FakePaymentProcessor.StartAsync(null, CancellationToken.None);
        var service = new PaymentService(
            new PaymentStore(dynamo.Client, dynamo.PaymentsTable),
            TestPayments.ProviderFor(_processor, _http),
            new PaymentResilience(TestPayments.FastOptions));
        PaymentFunction.Register(_registry, service);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task Charge_WhenInvokedWithAGoodCard_ShouldAnswerCaptured()
    {
        var result = await InvokeAsync(PaymentFunction.Charge, JsonSerializer.SerializeToUtf8Bytes(TestPayments.Charge(), ContractsJsonContext.Default.ChargePaymentRequest));

        var charge = JsonSerializer.Deserialize(result.Response, ContractsJsonContext.Default.ChargePaymentResult);
        Assert.Equal(PaymentState.Captured, charge!.State);
    }

    [Fact]
    public async Task Charge_WhenCardIsDeclined_ShouldReportPaymentDeclinedAsErrorType()
    {
        var result = await InvokeAsync(PaymentFunction.Charge, JsonSerializer.SerializeToUtf8Bytes(TestPayments.Charge("tok_decline"), ContractsJsonContext.Default.ChargePaymentRequest));

        Assert.Equal(ErrorNames.PaymentDeclined, result.Error?.ErrorType);
    }

    [Fact]
    public async Task Refund_WhenInvokedAfterACharge_ShouldAnswerRefunded()
    {
        var charge = TestPayments.Charge();
        await InvokeAsync(PaymentFunction.Charge, JsonSerializer.SerializeToUtf8Bytes(charge, ContractsJsonContext.Default.ChargePaymentRequest));

        var result = await InvokeAsync(PaymentFunction.Refund, JsonSerializer.SerializeToUtf8Bytes(new RefundPaymentRequest(charge.OrderId), ContractsJsonContext.Default.RefundPaymentRequest));

        var refund = JsonSerializer.Deserialize(result.Response, ContractsJsonContext.Default.RefundPaymentResult);
        Assert.Equal(PaymentState.Refunded, refund!.State);
    }

    private Task<LambdaInvocationResult> InvokeAsync(string handler, byte[] payload) =>
        _registry.InvokeAsync(handler, payload, new LambdaContext { AwsRequestId = "req-1", Deadline = DateTimeOffset.UtcNow.AddSeconds(30) }, CancellationToken.None);
}
