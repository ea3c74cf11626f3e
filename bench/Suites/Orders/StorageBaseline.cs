using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Storage;

namespace Fulfilment.Bench.Suites.Orders;

/// <summary>
/// The pure storage work of one happy-path order, replayed straight against DynamoDB Local: the 11 documented calls of
/// docs/data-model.md (intake put; reserve transaction; three status updates; payment put + capture; commit transaction;
/// notification put + sent), with the same conditions, and nothing else — no queue, no engine, no functions, no HTTP.
/// </summary>
internal sealed class StorageBaseline(IAmazonDynamoDB dynamo)
{
    public const int CallsPerOrder = 11;

    public async Task SeedAsync(string sku, long available, CancellationToken ct) =>
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = FulfilmentTables.Inventory.Name,
            Item = new() { ["pk"] = S("SKU#" + sku), ["sk"] = S("STOCK"), ["available"] = N(available), ["reserved"] = N(0), ["sold"] = N(0), ["version"] = N(0) },
        }, ct);

    /// <summary>Runs every order's calls in sequence, orders in parallel; returns each order's duration in ms.</summary>
    public async Task<(double Seconds, List<double> LatenciesMs)> RunAsync(IReadOnlyList<string> skus, int orders, int concurrency, CancellationToken ct)
    {
        var latencies = new List<double>(orders);
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, orders), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
        {
            var watch = Stopwatch.StartNew();
            await OneOrderAsync("base-" + Guid.NewGuid().ToString("N"), skus[i % skus.Count], 1, token);
            lock (latencies)
            {
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        });
        return (total.Elapsed.TotalSeconds, latencies);
    }

    private async Task OneOrderAsync(string orderId, string sku, int quantity, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var orderKey = new Dictionary<string, AttributeValue> { ["pk"] = S("ORDER#" + orderId), ["sk"] = S("ORDER") };
        var line = new AttributeValue { L = [new AttributeValue { M = new() { ["sku"] = S(sku), ["quantity"] = N(quantity), ["unitPriceMinor"] = N(1250) } }] };
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = FulfilmentTables.Orders.Name,
            Item = new(orderKey)
            {
                ["orderId"] = S(orderId), ["customerId"] = S("cust-bench"), ["currency"] = S("EUR"), ["lines"] = line, ["totalMinor"] = N(1250L * quantity),
                ["idempotencyKey"] = S(orderId), ["correlationId"] = S(orderId), ["placedAt"] = S(now), ["createdAt"] = S(now), ["updatedAt"] = S(now),
                ["status"] = S("Received"), ["statusSequence"] = N(1), ["statusHistory"] = new AttributeValue { L = [S("Received")] }, ["statusTimes"] = new AttributeValue { M = new() { ["Received"] = S(now) } },
            },
            ConditionExpression = "attribute_not_exists(pk)",
        }, ct);

        var stockKey = new Dictionary<string, AttributeValue> { ["pk"] = S("SKU#" + sku), ["sk"] = S("STOCK") };
        var reservationKey = new Dictionary<string, AttributeValue> { ["pk"] = S("ORDER#" + orderId), ["sk"] = S("RESERVATION") };
        await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            ClientRequestToken = Guid.NewGuid().ToString(),
            TransactItems =
            [
                new() { Update = new Update { TableName = FulfilmentTables.Inventory.Name, Key = stockKey, UpdateExpression = "SET available = available - :q, reserved = reserved + :q, version = version + :one", ConditionExpression = "available >= :q", ExpressionAttributeValues = new() { [":q"] = N(quantity), [":one"] = N(1) } } },
                new() { Put = new Put { TableName = FulfilmentTables.Inventory.Name, Item = new(reservationKey) { ["orderId"] = S(orderId), ["status"] = S("Reserved"), ["lines"] = line, ["reservedAt"] = S(now), ["updatedAt"] = S(now) }, ConditionExpression = "attribute_not_exists(pk)" } },
            ],
        }, ct);

        var previous = "Received";
        foreach (var status in new[] { "InventoryReserved", "PaymentCaptured", "Completed" })
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = FulfilmentTables.Orders.Name,
                Key = orderKey,
                UpdateExpression = "SET #status = :s, previousStatus = :p, updatedAt = :t, statusHistory = list_append(statusHistory, :sl), statusTimes.#st = :t ADD statusSequence :one",
                ConditionExpression = "attribute_exists(pk) AND NOT contains(statusHistory, :s)",
                ExpressionAttributeNames = new() { ["#status"] = "status", ["#st"] = status },
                ExpressionAttributeValues = new() { [":s"] = S(status), [":p"] = S(previous), [":t"] = S(now), [":sl"] = new AttributeValue { L = [S(status)] }, [":one"] = N(1) },
            }, ct);
            previous = status;
            if (status == "InventoryReserved")
            {
                await PaymentAsync(orderId, now, ct);
            }
        }

        await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            ClientRequestToken = Guid.NewGuid().ToString(),
            TransactItems =
            [
                new() { Update = new Update { TableName = FulfilmentTables.Inventory.Name, Key = stockKey, UpdateExpression = "SET reserved = reserved - :q, sold = sold + :q, version = version + :one", ConditionExpression = "reserved >= :q", ExpressionAttributeValues = new() { [":q"] = N(quantity), [":one"] = N(1) } } },
                new() { Update = new Update { TableName = FulfilmentTables.Inventory.Name, Key = reservationKey, UpdateExpression = "SET #status = :c, updatedAt = :t", ConditionExpression = "#status = :r", ExpressionAttributeNames = new() { ["#status"] = "status" }, ExpressionAttributeValues = new() { [":c"] = S("Committed"), [":r"] = S("Reserved"), [":t"] = S(now) } } },
            ],
        }, ct);

        var notificationKey = new Dictionary<string, AttributeValue> { ["pk"] = S("ORDER#" + orderId), ["sk"] = S("NOTIFICATION#OrderConfirmed") };
        await dynamo.PutItemAsync(new PutItemRequest { TableName = FulfilmentTables.Notifications.Name, Item = new(notificationKey) { ["orderId"] = S(orderId), ["kind"] = S("OrderConfirmed"), ["state"] = S("Pending"), ["createdAt"] = S(now) }, ConditionExpression = "attribute_not_exists(pk)" }, ct);
        await dynamo.UpdateItemAsync(new UpdateItemRequest { TableName = FulfilmentTables.Notifications.Name, Key = notificationKey, UpdateExpression = "SET #state = :sent, sentAt = :t", ConditionExpression = "#state = :pending", ExpressionAttributeNames = new() { ["#state"] = "state" }, ExpressionAttributeValues = new() { [":sent"] = S("Sent"), [":pending"] = S("Pending"), [":t"] = S(now) } }, ct);
    }

    private async Task PaymentAsync(string orderId, string now, CancellationToken ct)
    {
        var key = new Dictionary<string, AttributeValue> { ["pk"] = S("ORDER#" + orderId), ["sk"] = S("PAYMENT") };
        await dynamo.PutItemAsync(new PutItemRequest { TableName = FulfilmentTables.Payments.Name, Item = new(key) { ["orderId"] = S(orderId), ["state"] = S("Pending"), ["amountMinor"] = N(1250), ["currency"] = S("EUR"), ["chargeIdempotencyKey"] = S($"order-{orderId}-charge"), ["createdAt"] = S(now), ["updatedAt"] = S(now) }, ConditionExpression = "attribute_not_exists(pk)" }, ct);
        await dynamo.UpdateItemAsync(new UpdateItemRequest { TableName = FulfilmentTables.Payments.Name, Key = key, UpdateExpression = "SET #state = :c, chargeId = :id, updatedAt = :t", ConditionExpression = "attribute_exists(pk) AND #state = :p", ExpressionAttributeNames = new() { ["#state"] = "state" }, ExpressionAttributeValues = new() { [":c"] = S("Captured"), [":p"] = S("Pending"), [":id"] = S("ch_" + orderId), [":t"] = S(now) } }, ct);
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
