using Amazon.DynamoDBv2.Model;
using Fulfilment.Storage;

namespace Fulfilment.Local.OpsConsole;

/// <summary>One SKU's counters and whether they agree with the reservations that hold and sold its units.</summary>
public sealed record StockRow(
    string Sku,
    long Available,
    long Reserved,
    long Sold,
    long Total,
    long HeldByReservations,
    long SoldByReservations,
    bool Balanced,
    string? Problem);

/// <summary>The stock view: every SKU and the conservation check over all of them.</summary>
public sealed record StockView(IReadOnlyList<StockRow> Items, bool Balanced, int OpenReservations, int CommittedReservations);

/// <summary>
/// Stock with the conservation check of docs/data-model.md: no counter is negative, <c>reserved</c> equals the units of the
/// open (<c>Reserved</c>) reservations and <c>sold</c> the units of the <c>Committed</c> ones, so no unit appeared or vanished.
/// </summary>
public sealed class StockViews(IConsoleSources sources)
{
    /// <summary>Scans the inventory table once (a tool read, not a request path) and checks every SKU.</summary>
    public async Task<StockView> ReadAsync(CancellationToken cancellationToken)
    {
        var stock = new List<Dictionary<string, AttributeValue>>();
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        var sold = new Dictionary<string, long>(StringComparer.Ordinal);
        int open = 0, committed = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await sources.Dynamo.ScanAsync(new ScanRequest { TableName = FulfilmentTables.Inventory.Name, ExclusiveStartKey = start, ConsistentRead = true }, cancellationToken);
            foreach (var item in page.Items)
            {
                var kind = AttributeJson.String(item, Keys.SortKey);
                if (kind == "STOCK")
                {
                    stock.Add(item);
                }
                else if (kind == "RESERVATION")
                {
                    var status = AttributeJson.String(item, "status");
                    var into = status switch { "Reserved" => held, "Committed" => sold, _ => null };
                    open += status == "Reserved" ? 1 : 0;
                    committed += status == "Committed" ? 1 : 0;
                    foreach (var line in into is null ? [] : item.GetValueOrDefault("lines")?.L ?? [])
                    {
                        var sku = AttributeJson.String(line.M, "sku") ?? string.Empty;
                        into![sku] = into.GetValueOrDefault(sku) + AttributeJson.Long(line.M, "quantity");
                    }
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        var rows = stock
            .Select(item => Row(item, held, sold))
            .OrderBy(r => r.Sku, StringComparer.Ordinal)
            .ToList();
        return new StockView(rows, rows.TrueForAll(r => r.Balanced), open, committed);
    }

    private static StockRow Row(Dictionary<string, AttributeValue> item, Dictionary<string, long> held, Dictionary<string, long> sold)
    {
        var sku = (AttributeJson.String(item, Keys.PartitionKey) ?? string.Empty).Replace("SKU#", string.Empty, StringComparison.Ordinal);
        long available = AttributeJson.Long(item, "available"), reserved = AttributeJson.Long(item, "reserved"), soldUnits = AttributeJson.Long(item, "sold");
        long heldByReservations = held.GetValueOrDefault(sku), soldByReservations = sold.GetValueOrDefault(sku);
        var problems = new List<string>();
        if (available < 0 || reserved < 0 || soldUnits < 0)
        {
            problems.Add("a counter is negative");
        }

        if (reserved != heldByReservations)
        {
            problems.Add($"reserved is {reserved} but open reservations hold {heldByReservations}");
        }

        if (soldUnits != soldByReservations)
        {
            problems.Add($"sold is {soldUnits} but committed reservations sold {soldByReservations}");
        }

        return new StockRow(
            sku, available, reserved, soldUnits, available + reserved + soldUnits, heldByReservations, soldByReservations,
            problems.Count == 0, problems.Count == 0 ? null : string.Join("; ", problems));
    }
}
