using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Inventory.Internal;

/// <summary>Checks a reserve request and merges its lines: DynamoDB rejects two actions on one item in a transaction.</summary>
internal static class StockLines
{
    /// <summary>The request's lines merged per SKU and sorted by SKU (ordinal), so equal orders give equal transactions.</summary>
    public static IReadOnlyList<StockLine> ValidateAndMerge(ReserveInventoryRequest request, int maxTransactionActions)
    {
        if (request is null)
        {
            throw Invalid("The reserve request is missing.");
        }

        RequireOrderId(request.OrderId);
        if (request.Lines is null || request.Lines.Count == 0)
        {
            throw Invalid($"Order {request.OrderId} has no lines to reserve.");
        }

        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in request.Lines)
        {
            if (line is null || string.IsNullOrWhiteSpace(line.Sku) || line.Quantity <= 0)
            {
                throw Invalid($"Order {request.OrderId} has an invalid line ({line?.Sku ?? "null"} × {line?.Quantity}): every line needs a SKU and a quantity ≥ 1.");
            }

            merged[line.Sku] = merged.GetValueOrDefault(line.Sku) + line.Quantity;
        }

        // One action per SKU plus the reservation put.
        if (merged.Count + 1 > maxTransactionActions)
        {
            throw Invalid(
                $"Order {request.OrderId} has {merged.Count} distinct SKUs; one reservation transaction holds at most " +
                $"{maxTransactionActions - 1} SKUs plus the reservation item ({maxTransactionActions} actions). Split the order.");
        }

        var overflow = merged.FirstOrDefault(p => p.Value > int.MaxValue);
        if (overflow.Key is not null)
        {
            throw Invalid($"Order {request.OrderId}: the total quantity of {overflow.Key} is too large.");
        }

        return [.. merged.Select(p => new StockLine(p.Key, (int)p.Value))];
    }

    public static void RequireOrderId(string? orderId)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw Invalid("The order id is missing.");
        }
    }

    public static void RequireSku(string? sku)
    {
        if (string.IsNullOrWhiteSpace(sku))
        {
            throw Invalid("The SKU is missing.");
        }
    }

    private static NamedErrorException Invalid(string message) => new(ErrorNames.InvalidInput, message);
}
