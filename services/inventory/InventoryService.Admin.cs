using System.Diagnostics.CodeAnalysis;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Internal;

namespace Fulfilment.Inventory;

/// <summary>Admin operations for tools and tests: add, set, read and list stock.</summary>
public sealed partial class InventoryService
{
    // Jitter needs spread, not unpredictability; Random.Shared is thread-safe and allocation-free.
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Backoff jitter is not a security control.")]
    private static Random Jitter => Random.Shared;

    /// <summary>Adds <paramref name="quantity"/> to a SKU's <c>available</c> stock, creating the stock item if needed.</summary>
    public async Task<StockLevel> AddStockAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        StockLines.RequireSku(sku);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return await UpdateStockAsync(
            sku,
            "SET reserved = if_not_exists(reserved, :zero), sold = if_not_exists(sold, :zero) ADD available :q, version :one",
            quantity,
            cancellationToken);
    }

    /// <summary>
    /// Sets a SKU's <c>available</c> stock to <paramref name="available"/> (stock-take correction); reserved and sold
    /// are kept, so the invariant's baseline becomes the new total.
    /// </summary>
    public async Task<StockLevel> SetStockAsync(string sku, int available, CancellationToken cancellationToken)
    {
        StockLines.RequireSku(sku);
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        return await UpdateStockAsync(
            sku,
            "SET available = :q, reserved = if_not_exists(reserved, :zero), sold = if_not_exists(sold, :zero) ADD version :one",
            available,
            cancellationToken);
    }

    /// <summary>Reads one SKU's stock (strongly consistent), or null when the SKU was never stocked.</summary>
    public async Task<StockLevel?> GetStockAsync(string sku, CancellationToken cancellationToken)
    {
        StockLines.RequireSku(sku);
        var response = await client.GetItemAsync(
            new GetItemRequest { TableName = options.TableName, Key = InventoryItems.StockKey(sku), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item is { Count: > 0 } item ? InventoryItems.ToStockLevel(item) : null;
    }

    /// <summary>Lists every SKU's stock, sorted by SKU. A full scan: for tools and tests, not for request paths.</summary>
    public async Task<IReadOnlyList<StockLevel>> ListStockAsync(CancellationToken cancellationToken)
    {
        var levels = new List<StockLevel>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(
                new ScanRequest
                {
                    TableName = options.TableName,
                    FilterExpression = "sk = :stock",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                    {
                        [":stock"] = InventoryItems.Text(InventoryItems.StockSortKey),
                    },
                    ConsistentRead = true,
                    ExclusiveStartKey = start,
                },
                cancellationToken);
            levels.AddRange((page.Items ?? []).Select(InventoryItems.ToStockLevel));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);

        return [.. levels.OrderBy(l => l.Sku, StringComparer.Ordinal)];
    }

    private static IReadOnlyList<StockLine> Validate(ReserveInventoryRequest request) =>
        StockLines.ValidateAndMerge(request, MaxTransactionActions);

    private static void RequireOrderId(string? orderId) => StockLines.RequireOrderId(orderId);

    private async Task<StockLevel> UpdateStockAsync(string sku, string updateExpression, int quantity, CancellationToken cancellationToken)
    {
        var response = await client.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = options.TableName,
                Key = InventoryItems.StockKey(sku),
                UpdateExpression = updateExpression,
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    [":q"] = InventoryItems.Number(quantity),
                    [":zero"] = InventoryItems.Number(0),
                    [":one"] = InventoryItems.Number(1),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            },
            cancellationToken);
        return InventoryItems.ToStockLevel(response.Attributes);
    }
}
