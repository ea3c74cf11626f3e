using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Steps;
using Fulfilment.Storage;

namespace Fulfilment.Inventory.Internal;

/// <summary>The item layouts of <c>fulfilment-inventory</c> (docs/data-model.md) and the transaction actions over them.</summary>
internal static class InventoryItems
{
    public const string StockSortKey = "STOCK";
    public const string ReservationSortKey = "RESERVATION";

    public static Dictionary<string, AttributeValue> StockKey(string sku) => Keys.Item(Keys.Sku(sku), StockSortKey);

    public static Dictionary<string, AttributeValue> ReservationKey(string orderId) => Keys.Item(Keys.Order(orderId), ReservationSortKey);

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Text(string value) => new() { S = value };

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Moves <paramref name="line"/>'s quantity between stock counters under a condition on the source counter.</summary>
    public static TransactWriteItem StockMove(string table, StockLine line, string updateExpression, string conditionExpression) => new()
    {
        Update = new Update
        {
            TableName = table,
            Key = StockKey(line.Sku),
            UpdateExpression = updateExpression,
            ConditionExpression = conditionExpression,
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":q"] = Number(line.Quantity),
                [":one"] = Number(1),
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        },
    };

    public static TransactWriteItem ReservationPut(string table, string orderId, IReadOnlyList<StockLine> lines, DateTimeOffset now, string? correlationId)
    {
        var item = ReservationKey(orderId);
        item["orderId"] = Text(orderId);
        item["status"] = Text(nameof(ReservationStatus.Reserved));
        item["lines"] = new AttributeValue
        {
            L = [.. lines.Select(l => new AttributeValue
            {
                M = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["sku"] = Text(l.Sku), ["quantity"] = Number(l.Quantity) },
            })],
        };
        item["reservedAt"] = Text(Timestamp(now));
        item["updatedAt"] = Text(Timestamp(now));
        if (!string.IsNullOrEmpty(correlationId))
        {
            item["correlationId"] = Text(correlationId);
        }

        return new TransactWriteItem
        {
            Put = new Put
            {
                TableName = table,
                Item = item,
                ConditionExpression = "attribute_not_exists(pk)",
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        };
    }

    /// <summary>Sets the reservation's status, only if it is still <c>Reserved</c>.</summary>
    public static TransactWriteItem ReservationTransition(string table, string orderId, ReservationStatus target, DateTimeOffset now, string? reason)
    {
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [":target"] = Text(target.ToString()),
            [":reserved"] = Text(nameof(ReservationStatus.Reserved)),
            [":now"] = Text(Timestamp(now)),
        };
        var update = "SET #status = :target, updatedAt = :now";
        if (!string.IsNullOrEmpty(reason))
        {
            values[":reason"] = Text(reason);
            update += ", reason = :reason";
        }

        return new TransactWriteItem
        {
            Update = new Update
            {
                TableName = table,
                Key = ReservationKey(orderId),
                UpdateExpression = update,
                ConditionExpression = "#status = :reserved",
                ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#status"] = "status" },
                ExpressionAttributeValues = values,
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        };
    }

    public static Reservation ToReservation(Dictionary<string, AttributeValue> item)
    {
        var lines = (item.TryGetValue("lines", out var l) ? l.L : null) ?? [];
        return new Reservation(
            item["orderId"].S,
            Enum.Parse<ReservationStatus>(item["status"].S),
            [.. lines.Select(x => new StockLine(x.M["sku"].S, int.Parse(x.M["quantity"].N, CultureInfo.InvariantCulture)))],
            DateTimeOffset.Parse(item["reservedAt"].S, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item["updatedAt"].S, CultureInfo.InvariantCulture),
            item.TryGetValue("correlationId", out var c) ? c.S : null);
    }

    public static StockLevel ToStockLevel(Dictionary<string, AttributeValue> item) => new(
        item["pk"].S["SKU#".Length..],
        Long(item, "available"),
        Long(item, "reserved"),
        Long(item, "sold"),
        Long(item, "version"));

    /// <summary>A counter of an item, 0 when the item or the attribute does not exist (a missing SKU has nothing available).</summary>
    public static long Long(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.N is not null
            ? long.Parse(value.N, CultureInfo.InvariantCulture)
            : 0;
}
