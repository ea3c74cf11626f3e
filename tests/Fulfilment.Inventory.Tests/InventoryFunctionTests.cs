using System.Text;
using System.Text.Json;
using Fulfilment.Contracts.Errors;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Inventory.Tests.Support;
using Fulfilment.Lambda;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

/// <summary>The handlers as the runtime invokes them: JSON in, JSON or a named errorType out.</summary>
[Trait("Category", "Integration")]
public sealed class InventoryFunctionTests(DynamoDbLocalFixture dynamo) : InventoryTestBase(dynamo), IClassFixture<DynamoDbLocalFixture>
{
    private static readonly LambdaContext Context = new() { AwsRequestId = "test-request" };

    [Fact]
    public async Task Reserve_WhenInvokedWithStepJson_ShouldAnswerTheReservationAsCamelCaseJson()
    {
        var sku = await StockedSkuAsync(5);
        var orderId = NewOrderId();

        var result = await InvokeAsync(InventoryFunction.Reserve, $$"""{"orderId":"{{orderId}}","lines":[{"sku":"{{sku}}","quantity":2}]}""");

        using var json = JsonDocument.Parse(result.Response!);
        Assert.Equal("Reserved", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reserve_WhenStockIsShort_ShouldFailWithErrorTypeInsufficientStock()
    {
        var sku = await StockedSkuAsync(1);

        var result = await InvokeAsync(InventoryFunction.Reserve, $$"""{"orderId":"{{NewOrderId()}}","lines":[{"sku":"{{sku}}","quantity":2}]}""");

        Assert.Equal(ErrorNames.InsufficientStock, result.Error?.ErrorType);
    }

    [Fact]
    public async Task Release_WhenOrderIsUnknown_ShouldAnswerChangedFalse()
    {
        var result = await InvokeAsync(InventoryFunction.Release, $$"""{"orderId":"{{NewOrderId()}}"}""");

        using var json = JsonDocument.Parse(result.Response!);
        Assert.False(json.RootElement.GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task Commit_WhenReleased_ShouldFailWithErrorTypeReservationStateConflict()
    {
        var sku = await StockedSkuAsync(3);
        var orderId = NewOrderId();
        await InvokeAsync(InventoryFunction.Reserve, $$"""{"orderId":"{{orderId}}","lines":[{"sku":"{{sku}}","quantity":1}]}""");
        await InvokeAsync(InventoryFunction.Release, $$"""{"orderId":"{{orderId}}"}""");

        var result = await InvokeAsync(InventoryFunction.Commit, $$"""{"orderId":"{{orderId}}"}""");

        Assert.Equal(ErrorNames.ReservationStateConflict, result.Error?.ErrorType);
    }

    [Fact]
    public void LambdaLoggerBridge_WhenTheServiceLogs_ShouldWriteTemplateValuesAsCamelCaseFields()
    {
        var sink = new CapturingLambdaLogger();
        var logger = new LambdaLoggerBridge<InventoryService>(sink);

        Internal.Log.ReleaseUnknown(logger, "o-1");

        Assert.Equal("o-1", sink.Fields?["orderId"]);
    }

    private async Task<LambdaInvocationResult> InvokeAsync(string handler, string payload)
    {
        var registry = InventoryFunction.Register(new LambdaHandlerRegistry(), Service);
        return await registry.InvokeAsync(handler, Encoding.UTF8.GetBytes(payload), Context, Ct);
    }

    private sealed class CapturingLambdaLogger : ILambdaLogger
    {
        public IReadOnlyDictionary<string, object?>? Fields { get; private set; }

        public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null) => Fields = fields;
    }
}
