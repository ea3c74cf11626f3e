using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Storage;

namespace Fulfilment.Order;

/// <summary>
/// The order item in <c>fulfilment-orders</c> (<c>pk = ORDER#&lt;orderId&gt;</c>, <c>sk = ORDER</c>; layout in
/// docs/data-model.md). Intake creates it once; the workflow changes its status; <c>status</c> reads it.
/// </summary>
public sealed class OrderRepository(IAmazonDynamoDB dynamo, string tableName, TimeProvider clock)
{
    /// <summary>Sort key of the order item.</summary>
    public const string OrderSortKey = "ORDER";

    /// <summary>
    /// Writes the order in status <c>Received</c> (sequence 1) only if it does not exist yet. Returns false when it
    /// already existed: a redelivered message, or a crash after the write and before the execution started.
    /// Throws <see cref="OrderConflictException"/> when an order with this id exists under another idempotency key.
    /// </summary>
    public async Task<bool> CreateAsync(NewOrderEvent order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var now = Timestamp(clock.GetUtcNow());
        var item = Keys.Item(Keys.Order(order.OrderId), OrderSortKey);
        item["orderId"] = S(order.OrderId);
        item["customerId"] = S(order.CustomerId);
        item["status"] = S(nameof(OrderStatus.Received));
        item["statusSequence"] = N(1);
        // The workflow appends each later status to statusHistory (its update condition refuses a status already
        // there, which makes replays no-ops) and records when it happened under statusTimes.<status>.
        item["statusHistory"] = new AttributeValue { L = [S(nameof(OrderStatus.Received))] };
        item["statusTimes"] = new AttributeValue { M = new() { [nameof(OrderStatus.Received)] = S(now) } };
        item["lines"] = new AttributeValue
        {
            L = [.. order.Lines.Select(l => new AttributeValue { M = new() { ["sku"] = S(l.Sku), ["quantity"] = N(l.Quantity), ["unitPriceMinor"] = N(l.UnitPriceMinor) } })],
        };
        item["totalMinor"] = N(order.TotalMinor());
        item["currency"] = S(order.Currency);
        item["idempotencyKey"] = S(order.IdempotencyKey);
        item["correlationId"] = S(order.CorrelationId);
        item["placedAt"] = S(Timestamp(order.PlacedAt));
        item["createdAt"] = S(now);
        item["updatedAt"] = S(now);

        var existing = await ConditionalWrites.PutIfAbsentAsync(dynamo, tableName, item, cancellationToken);
        if (existing is null)
        {
            return true;
        }

        var existingKey = existing.TryGetValue("idempotencyKey", out var key) ? key.S : null;
        if (existingKey is not null && existingKey != order.IdempotencyKey)
        {
            throw new OrderConflictException(order.OrderId, existingKey, order.IdempotencyKey);
        }

        return false;
    }

    /// <summary>The order as the status API shows it, or null when there is no such order.</summary>
    public async Task<OrderStatusView?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = Keys.Item(Keys.Order(orderId), OrderSortKey), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item.Count > 0 ? ToView(response.Item) : null;
    }

    internal static OrderStatusView ToView(Dictionary<string, AttributeValue> item)
    {
        var times = Get(item, "statusTimes")?.M ?? [];
        var updatedAt = DateTimeOffset.Parse((Get(item, "updatedAt") ?? item["createdAt"]).S, CultureInfo.InvariantCulture);
        var history = (Get(item, "statusHistory")?.L ?? [])
            .Select((entry, index) => ToHistoryEntry(entry.S, index + 1, times, updatedAt))
            .ToList();
        return new OrderStatusView(
            item["orderId"].S,
            Enum.Parse<OrderStatus>(item["status"].S),
            IntOf(item, "statusSequence"),
            Get(item, "reason")?.S,
            item["customerId"].S,
            long.Parse(item["totalMinor"].N, CultureInfo.InvariantCulture),
            item["currency"].S,
            [.. (Get(item, "lines")?.L ?? []).Select(l => new OrderLine(l.M["sku"].S, IntOf(l.M, "quantity"), long.Parse(l.M["unitPriceMinor"].N, CultureInfo.InvariantCulture)))],
            item["correlationId"].S,
            DateTimeOffset.Parse(item["placedAt"].S, CultureInfo.InvariantCulture),
            updatedAt,
            history);
    }

    private static OrderStatusHistoryEntry ToHistoryEntry(string status, int sequence, Dictionary<string, AttributeValue> times, DateTimeOffset fallback) => new(
        Enum.Parse<OrderStatus>(status),
        sequence,
        times.TryGetValue(status, out var at) && at.S is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : fallback);

    private static AttributeValue? Get(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.NULL != true ? value : null;

    private static int IntOf(Dictionary<string, AttributeValue> item, string name) =>
        Get(item, name)?.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 0;

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>An order id that already belongs to an order accepted under another idempotency key: never overwrite it.</summary>
public sealed class OrderConflictException : Exception
{
    /// <summary>Creates the error.</summary>
    public OrderConflictException(string orderId, string existingKey, string newKey)
        : base($"Order {orderId} already exists under another idempotency key ({existingKey.Length} characters, the message has {newKey.Length}); the message was not applied. Find both messages by order id and investigate the producer.")
    {
        OrderId = orderId;
    }

    /// <summary>Required by CA1032.</summary>
    public OrderConflictException()
        : this(string.Empty, string.Empty, string.Empty)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public OrderConflictException(string message)
        : base(message)
    {
        OrderId = string.Empty;
    }

    /// <summary>Required by CA1032.</summary>
    public OrderConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        OrderId = string.Empty;
    }

    /// <summary>The order id in conflict.</summary>
    public string OrderId { get; }
}
