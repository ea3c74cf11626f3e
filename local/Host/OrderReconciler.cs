using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Local.Api;
using Fulfilment.Order;
using Fulfilment.Storage;

namespace Fulfilment.Local.Host;

/// <summary>
/// Makes "no accepted order is lost" true across restarts although the SQS emulator keeps its messages in memory:
/// every message the API sent (its journal holds the exact text) whose order the orders table does not know, and whose
/// idempotency key no order has claimed, is sent to the queue again. A message whose key is claimed already reached
/// intake (a retried request, recorded as a pointer, or a key reused for another body, refused): sending it again would
/// only dead-letter it twice. Intake records each order once and names the execution after it, so a message that was
/// in fact still on its way does no harm. Reads in batches of 100 keys and sends in batches of 10, so a restart after a
/// burst of thousands of orders takes seconds, not minutes.
/// </summary>
internal static class OrderReconciler
{
    private const int ReadBatch = 100; // BatchGetItem's limit
    private const int SendBatch = 10; // SendMessageBatch's limit

    public static async Task<int> RequeueUnrecordedAsync(string acceptedOrders, IAmazonDynamoDB dynamo, IAmazonSQS sqs, string queueUrl, CancellationToken ct)
    {
        IReadOnlyList<AcceptedOrder> records;
        await using (var journal = await AcceptedOrderJournal.OpenAsync(acceptedOrders, ct))
        {
            records = await journal.ListAsync(ct);
        }

        var unrecorded = new List<AcceptedOrder>();
        foreach (var chunk in records.Chunk(ReadBatch / 2))
        {
            var known = await KnownKeysAsync(
                dynamo,
                [.. chunk.Select(r => Keys.Item(Keys.Order(r.OrderId), OrderRepository.OrderSortKey)), .. chunk.Select(r => Keys.Item(Claim(r), OrderRepository.ClaimSortKey))],
                ct);
            unrecorded.AddRange(chunk.Where(r => !known.Contains(Keys.Order(r.OrderId)) && !known.Contains(Claim(r))));
        }

        foreach (var chunk in unrecorded.Chunk(SendBatch))
        {
            await SendAsync(sqs, queueUrl, chunk, ct);
        }

        return unrecorded.Count;
    }

    private static string Claim(AcceptedOrder order) => OrderRepository.ClaimPartitionKey(order.CustomerId, order.IdempotencyKey);

    // The partition keys of those of the given items that exist (the order items and the claims).
    private static async Task<HashSet<string>> KnownKeysAsync(IAmazonDynamoDB dynamo, List<Dictionary<string, AttributeValue>> keys, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var request = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
        {
            [FulfilmentTables.Orders.Name] = new() { Keys = keys, ProjectionExpression = "pk" },
        };
        for (var attempt = 0; request.Count > 0; attempt++)
        {
            if (attempt > 0)
            {
                // Unprocessed keys are DynamoDB's way of saying "slow down": back off before asking again.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))), ct);
            }

            var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, ct);
            if (response.Responses?.TryGetValue(FulfilmentTables.Orders.Name, out var items) == true)
            {
                known.UnionWith(items.Select(i => i["pk"].S));
            }

            request = response.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
        }

        return known;
    }

    private static async Task SendAsync(IAmazonSQS sqs, string queueUrl, AcceptedOrder[] records, CancellationToken ct)
    {
        var entries = records.Select((r, i) => new SendMessageBatchRequestEntry
        {
            Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MessageBody = r.Message,
            MessageAttributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
            {
                ["correlationId"] = new() { DataType = "String", StringValue = r.CorrelationId },
            },
        }).ToList();
        while (entries.Count > 0)
        {
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, ct);
            var failed = (response.Failed ?? []).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            if (failed.Count > 0 && (response.Failed ?? []).Any(f => f.SenderFault == true))
            {
                throw new InvalidOperationException($"Re-queueing accepted orders failed: {string.Join("; ", response.Failed!.Select(f => $"{f.Id}: {f.Code} {f.Message}"))}");
            }

            // Only the entries SQS did not take are sent again (after a pause), so nothing is sent twice by this loop.
            entries = [.. entries.Where(e => failed.Contains(e.Id))];
            if (entries.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
