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

    /// <summary>Sort key of the idempotency claim item (<c>pk = IDEMPOTENCY#&lt;customerId&gt;#&lt;key&gt;</c>).</summary>
    public const string ClaimSortKey = "IDEMPOTENCY";

    /// <summary>Sort key of the item that points an order id accepted as a duplicate at the order it duplicates.</summary>
    public const string DuplicateSortKey = "DUPLICATE";

    /// <summary>
    /// Writes the order in status <c>Received</c> (sequence 1) together with the claim of its idempotency key, both only
    /// if absent, in one transaction. The claim is what keeps a retried POST from becoming a second order where nothing
    /// in front of the queue remembers keys (API Gateway's direct SQS integration gives every POST a new order id).
    /// Throws <see cref="OrderConflictException"/> when an order with this id exists under another idempotency key, and
    /// <see cref="IdempotencyKeyReusedException"/> when the key was claimed by an order with different contents.
    /// </summary>
    public async Task<OrderCreation> CreateAsync(NewOrderEvent order, CancellationToken cancellationToken)
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

        var requestHash = RequestHash(order);
        var claim = Keys.Item(ClaimKey(order), ClaimSortKey);
        claim["orderId"] = S(order.OrderId);
        claim["requestHash"] = S(requestHash);
        claim["createdAt"] = S(now);

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Put = new Put { TableName = tableName, Item = item, ConditionExpression = "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD } },
                    new TransactWriteItem
                    {
                        Put = new Put
                        {
                            TableName = tableName, Item = claim,
                            ConditionExpression = "attribute_not_exists(pk) OR orderId = :orderId",
                            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":orderId"] = S(order.OrderId) },
                            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                        },
                    },
                ],
            }, cancellationToken);
            return OrderCreation.Created;
        }
        catch (TransactionCanceledException ex) when (ex.CancellationReasons is { Count: 2 } reasons && reasons.All(r => r.Code is "None" or "ConditionalCheckFailed" or null))
        {
            if (reasons[0].Code == "ConditionalCheckFailed")
            {
                // The order exists: a redelivered message, or a crash after the write and before the execution started.
                var existingKey = reasons[0].Item is { } existing && existing.TryGetValue("idempotencyKey", out var key) ? key.S : null;
                if (existingKey is not null && existingKey != order.IdempotencyKey)
                {
                    throw new OrderConflictException(order.OrderId, existingKey, order.IdempotencyKey);
                }

                return OrderCreation.AlreadyRecorded;
            }

            // The key belongs to another order: this message is a retried request. Same contents → the same order.
            var owner = reasons[1].Item ?? [];
            var ownerId = owner.TryGetValue("orderId", out var id) ? id.S : "(unknown)";
            if (owner.TryGetValue("requestHash", out var hash) && hash.S != requestHash)
            {
                throw new IdempotencyKeyReusedException(order.OrderId, ownerId);
            }

            await PointAtAsync(order.OrderId, ownerId, now, cancellationToken);
            return OrderCreation.DuplicateOf(ownerId);
        }
    }

    /// <summary>The order as the status API shows it, or null when there is no such order.</summary>
    public async Task<OrderStatusView?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        if (await GetItemAsync(orderId, OrderSortKey, cancellationToken) is { } order)
        {
            return ToView(order);
        }

        // An id handed out for a retried request answers with the order that request duplicates (one hop, never more).
        return await GetItemAsync(orderId, DuplicateSortKey, cancellationToken) is { } pointer
            && pointer.TryGetValue("duplicateOf", out var target) && target.S is { } targetId
            && await GetItemAsync(targetId, OrderSortKey, cancellationToken) is { } original
                ? ToView(original)
                : null;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string orderId, string sortKey, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = Keys.Item(Keys.Order(orderId), sortKey), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item.Count > 0 ? response.Item : null;
    }

    private async Task PointAtAsync(string orderId, string originalId, string now, CancellationToken cancellationToken)
    {
        var pointer = Keys.Item(Keys.Order(orderId), DuplicateSortKey);
        pointer["orderId"] = S(orderId);
        pointer["duplicateOf"] = S(originalId);
        pointer["createdAt"] = S(now);
        await dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = pointer }, cancellationToken);
    }

    private static string ClaimKey(NewOrderEvent order) => ClaimPartitionKey(order.CustomerId, order.IdempotencyKey);

    /// <summary>The partition key of the claim of an idempotency key (sort key <see cref="ClaimSortKey"/>).</summary>
    public static string ClaimPartitionKey(string customerId, string idempotencyKey) => $"IDEMPOTENCY#{customerId}#{idempotencyKey}";

    /// <summary>What the customer asked for (not the ids and times intake assigned): equal requests hash equal.</summary>
    internal static string RequestHash(NewOrderEvent order)
    {
        var text = new System.Text.StringBuilder();
        text.Append(order.CustomerId).Append('\n').Append(order.Currency).Append('\n').Append(order.PaymentToken);
        foreach (var line in order.Lines)
        {
            text.Append('\n').Append(line.Sku).Append('\t').Append(line.Quantity.ToString(CultureInfo.InvariantCulture))
                .Append('\t').Append(line.UnitPriceMinor.ToString(CultureInfo.InvariantCulture));
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
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

/// <summary>The outcome of recording an order at intake.</summary>
public sealed record OrderCreation(bool IsNew, string? DuplicateOfOrderId)
{
    /// <summary>The order was written now.</summary>
    public static OrderCreation Created { get; } = new(true, null);

    /// <summary>The order was already there (a redelivery).</summary>
    public static OrderCreation AlreadyRecorded { get; } = new(false, null);

    /// <summary>The message is a retried request: its idempotency key belongs to <paramref name="orderId"/>.</summary>
    public static OrderCreation DuplicateOf(string orderId) => new(false, orderId);
}

/// <summary>An idempotency key reused for a request with different contents: a client bug, never applied.</summary>
public sealed class IdempotencyKeyReusedException : Exception
{
    /// <summary>Creates the error.</summary>
    public IdempotencyKeyReusedException(string orderId, string ownerOrderId)
        : base($"Order {orderId} reuses the idempotency key of order {ownerOrderId} for a different request; the message was not applied. Find both by order id and ask the client to use a new key per request.")
    {
        OwnerOrderId = ownerOrderId;
    }

    /// <summary>Required by CA1032.</summary>
    public IdempotencyKeyReusedException()
        : this(string.Empty, string.Empty)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public IdempotencyKeyReusedException(string message)
        : base(message)
    {
        OwnerOrderId = string.Empty;
    }

    /// <summary>Required by CA1032.</summary>
    public IdempotencyKeyReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        OwnerOrderId = string.Empty;
    }

    /// <summary>The order the key belongs to.</summary>
    public string OwnerOrderId { get; }
}
