using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Steps;
using Fulfilment.Storage;

namespace Fulfilment.Payment.Storage;

/// <summary>
/// Reads and writes payment items. Every state change is conditional on the state it leaves
/// (<c>Pending → Captured | Declined</c>, <c>Captured → Refunded</c>), so a replay or a racing call can never move a
/// payment backwards or twice.
/// </summary>
public sealed class PaymentStore
{
    /// <summary>The sort key of the payment item.</summary>
    public const string SortKey = "PAYMENT";

    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;

    /// <summary>Creates the store over <paramref name="tableName"/> (default <c>fulfilment-payments</c>).</summary>
    public PaymentStore(IAmazonDynamoDB dynamo, string? tableName = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        _dynamo = dynamo;
        _table = tableName ?? FulfilmentTables.Payments.Name;
    }

    /// <summary>Writes <paramref name="pending"/> unless the order has a payment already; returns that one if so, else null.</summary>
    public async Task<PaymentRecord?> TryCreateAsync(PaymentRecord pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var existing = await ConditionalWrites.PutIfAbsentAsync(_dynamo, _table, ToItem(pending), cancellationToken);
        return existing is null ? null : FromItem(existing);
    }

    /// <summary>The payment of an order (strongly consistent), or null.</summary>
    public async Task<PaymentRecord?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await _dynamo.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Keys.Item(Keys.Order(orderId), SortKey), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    /// <summary>Pending → Captured. False when the payment was not Pending any more (a racing replay got there first).</summary>
    public Task<bool> MarkCapturedAsync(string orderId, string chargeId, DateTimeOffset now, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, PaymentState.Pending, PaymentState.Captured, now, [("chargeId", chargeId)], cancellationToken);

    /// <summary>Pending → Declined. False when the payment was not Pending any more.</summary>
    public Task<bool> MarkDeclinedAsync(string orderId, string declineCode, DateTimeOffset now, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, PaymentState.Pending, PaymentState.Declined, now, [("declineCode", declineCode)], cancellationToken);

    /// <summary>Captured → Refunded. False when the payment was not Captured any more.</summary>
    public Task<bool> MarkRefundedAsync(string orderId, string refundId, string refundIdempotencyKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        TransitionAsync(orderId, PaymentState.Captured, PaymentState.Refunded, now, [("refundId", refundId), ("refundIdempotencyKey", refundIdempotencyKey)], cancellationToken);

    private async Task<bool> TransitionAsync(
        string orderId, PaymentState from, PaymentState to, DateTimeOffset now, (string Name, string Value)[] set, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["#state"] = "state" };
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [":from"] = new() { S = from.ToString() },
            [":to"] = new() { S = to.ToString() },
            [":now"] = new() { S = Timestamp(now) },
        };
        var update = "SET #state = :to, updatedAt = :now";
        for (var i = 0; i < set.Length; i++)
        {
            names[$"#a{i}"] = set[i].Name;
            values[$":v{i}"] = new AttributeValue { S = set[i].Value };
            update += $", #a{i} = :v{i}";
        }

        try
        {
            await _dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = Keys.Item(Keys.Order(orderId), SortKey),
                    ConditionExpression = "attribute_exists(pk) AND #state = :from",
                    UpdateExpression = update,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    internal static Dictionary<string, AttributeValue> ToItem(PaymentRecord r)
    {
        var item = Keys.Item(Keys.Order(r.OrderId), SortKey);
        item["orderId"] = new AttributeValue { S = r.OrderId };
        item["state"] = new AttributeValue { S = r.State.ToString() };
        item["amountMinor"] = new AttributeValue { N = r.AmountMinor.ToString(CultureInfo.InvariantCulture) };
        item["currency"] = new AttributeValue { S = r.Currency };
        item["customerId"] = new AttributeValue { S = r.CustomerId };
        item["chargeIdempotencyKey"] = new AttributeValue { S = r.ChargeIdempotencyKey };
        item["createdAt"] = new AttributeValue { S = Timestamp(r.CreatedAt) };
        item["updatedAt"] = new AttributeValue { S = Timestamp(r.UpdatedAt) };
        AddIfSet(item, "chargeId", r.ChargeId);
        AddIfSet(item, "declineCode", r.DeclineCode);
        AddIfSet(item, "refundId", r.RefundId);
        AddIfSet(item, "refundIdempotencyKey", r.RefundIdempotencyKey);
        AddIfSet(item, "correlationId", r.CorrelationId);
        return item;
    }

    internal static PaymentRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        item["orderId"].S,
        Enum.Parse<PaymentState>(item["state"].S),
        long.Parse(item["amountMinor"].N, CultureInfo.InvariantCulture),
        item["currency"].S,
        item["customerId"].S,
        item["chargeIdempotencyKey"].S,
        DateTimeOffset.Parse(item["createdAt"].S, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item["updatedAt"].S, CultureInfo.InvariantCulture),
        Optional(item, "chargeId"),
        Optional(item, "declineCode"),
        Optional(item, "refundId"),
        Optional(item, "refundIdempotencyKey"),
        Optional(item, "correlationId"));

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static void AddIfSet(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new AttributeValue { S = value };
        }
    }

    private static string? Optional(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;
}
