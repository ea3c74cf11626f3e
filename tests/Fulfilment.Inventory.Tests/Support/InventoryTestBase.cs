using Fulfilment.Contracts.Steps;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests.Support;

/// <summary>An InventoryService over the fixture's own inventory table, plus helpers that make unique SKUs and orders.</summary>
public abstract class InventoryTestBase
{
    protected InventoryTestBase(DynamoDbLocalFixture dynamo)
    {
        Dynamo = dynamo;
        Service = CreateService();
    }

    protected DynamoDbLocalFixture Dynamo { get; }

    protected ListLogger<InventoryService> Logger { get; } = new();

    protected ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero));

    protected InventoryService Service { get; }

    // xunit 2 has no ambient test token; every call is bounded by the SDK client timeout instead.
    protected static CancellationToken Ct => CancellationToken.None;

    protected InventoryService CreateService(Amazon.DynamoDBv2.IAmazonDynamoDB? client = null, InventoryOptions? options = null) =>
        new(client ?? Dynamo.Client, (options ?? new InventoryOptions()) with { TableName = Dynamo.InventoryTable }, Time, Logger);

    protected static string NewSku(string name = "sku") => $"{name}-{Guid.NewGuid():N}"[..20];

    protected static string NewOrderId() => "order-" + Guid.NewGuid().ToString("N");

    protected async Task<string> StockedSkuAsync(int quantity, string name = "sku")
    {
        var sku = NewSku(name);
        await Service.AddStockAsync(sku, quantity, Ct);
        return sku;
    }

    protected async Task<StockLevel> StockAsync(string sku) =>
        await Service.GetStockAsync(sku, Ct) ?? throw new InvalidOperationException($"SKU {sku} has no stock item.");

    protected static ReserveInventoryRequest Order(string orderId, params (string Sku, int Quantity)[] lines) =>
        new(orderId, [.. lines.Select(l => new StockLine(l.Sku, l.Quantity))]);
}
