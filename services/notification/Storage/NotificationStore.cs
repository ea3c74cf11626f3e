using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Steps;
using Fulfilment.Storage;

namespace Fulfilment.Notification.Storage;

/// <summary>The states of a notification item.</summary>
public enum NotificationState
{
    /// <summary>Recorded before sending; a crash here is healed by sending again with the same idempotency key.</summary>
    Pending,

    /// <summary>The receiver accepted it.</summary>
    Sent,
}

/// <summary>One notification item in <c>fulfilment-notifications</c> (<c>pk = ORDER#id</c>, <c>sk = NOTIFICATION#kind</c>).</summary>
public sealed record NotificationRecord(
    string OrderId,
    NotificationKind Kind,
    string NotificationId,
    NotificationState State,
    string CustomerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt = null,
    string? CorrelationId = null);

/// <summary>Reads and writes notification items; <c>Pending → Sent</c> only under a condition.</summary>
public sealed class NotificationStore
{
    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;

    /// <summary>Creates the store over <paramref name="tableName"/> (default <c>fulfilment-notifications</c>).</summary>
    public NotificationStore(IAmazonDynamoDB dynamo, string? tableName = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        _dynamo = dynamo;
        _table = tableName ?? FulfilmentTables.Notifications.Name;
    }

    /// <summary>The sort key of a notification kind: <c>NOTIFICATION#&lt;kind&gt;</c>.</summary>
    public static string SortKey(NotificationKind kind) => $"NOTIFICATION#{kind}";

    /// <summary>Writes <paramref name="pending"/> unless the (order, kind) exists; returns the existing item if so, else null.</summary>
    public async Task<NotificationRecord?> TryCreateAsync(NotificationRecord pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var existing = await ConditionalWrites.PutIfAbsentAsync(_dynamo, _table, ToItem(pending), cancellationToken);
        return existing is null ? null : FromItem(existing);
    }

    /// <summary>The item of an (order, kind), strongly consistent, or null.</summary>
    public async Task<NotificationRecord?> GetAsync(string orderId, NotificationKind kind, CancellationToken cancellationToken)
    {
        var response = await _dynamo.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = Keys.Item(Keys.Order(orderId), SortKey(kind)), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? FromItem(item) : null;
    }

    /// <summary>Pending → Sent. False when it was already Sent (a concurrent replay recorded it first).</summary>
    public async Task<bool> MarkSentAsync(string orderId, NotificationKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _dynamo.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _table,
                    Key = Keys.Item(Keys.Order(orderId), SortKey(kind)),
                    ConditionExpression = "attribute_exists(pk) AND #state = :pending",
                    UpdateExpression = "SET #state = :sent, sentAt = :now",
                    ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#state"] = "state" },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                    {
                        [":pending"] = new() { S = nameof(NotificationState.Pending) },
                        [":sent"] = new() { S = nameof(NotificationState.Sent) },
                        [":now"] = new() { S = Timestamp(now) },
                    },
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> ToItem(NotificationRecord r)
    {
        var item = Keys.Item(Keys.Order(r.OrderId), SortKey(r.Kind));
        item["orderId"] = new AttributeValue { S = r.OrderId };
        item["kind"] = new AttributeValue { S = r.Kind.ToString() };
        item["notificationId"] = new AttributeValue { S = r.NotificationId };
        item["state"] = new AttributeValue { S = r.State.ToString() };
        item["customerId"] = new AttributeValue { S = r.CustomerId };
        item["createdAt"] = new AttributeValue { S = Timestamp(r.CreatedAt) };
        if (r.SentAt is { } sentAt)
        {
            item["sentAt"] = new AttributeValue { S = Timestamp(sentAt) };
        }

        if (r.CorrelationId is not null)
        {
            item["correlationId"] = new AttributeValue { S = r.CorrelationId };
        }

        return item;
    }

    private static NotificationRecord FromItem(Dictionary<string, AttributeValue> item) => new(
        item["orderId"].S,
        Enum.Parse<NotificationKind>(item["kind"].S),
        item["notificationId"].S,
        Enum.Parse<NotificationState>(item["state"].S),
        item["customerId"].S,
        DateTimeOffset.Parse(item["createdAt"].S, CultureInfo.InvariantCulture),
        item.TryGetValue("sentAt", out var sentAt) ? DateTimeOffset.Parse(sentAt.S, CultureInfo.InvariantCulture) : null,
        item.TryGetValue("correlationId", out var correlationId) ? correlationId.S : null);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
