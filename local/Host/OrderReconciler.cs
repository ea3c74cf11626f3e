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
/// every order the API accepted (its idempotency record holds the exact message) that the orders table does not know
/// yet is sent to the queue again. Intake records each order once and names the execution after it, so a message that
/// was in fact still on its way does no harm. Reads in batches of 100 keys and sends in batches of 10, so a restart
/// after a burst of thousands of orders takes seconds, not minutes.
/// </summary>
internal static class OrderReconciler
{
    private const int ReadBatch = 100; // BatchGetItem's limit
    private const int SendBatch = 10; // SendMessageBatch's limit

    public static async Task<int> RequeueUnrecordedAsync(string idempotencyDatabase, IAmazonDynamoDB dynamo, IAmazonSQS sqs, string queueUrl, CancellationToken ct)
    {
        IReadOnlyList<IdempotencyRecord> records;
        await using (var store = await IdempotencyStore.OpenAsync(idempotencyDatabase, ct))
        {
            records = await store.ListAsync(ct);
        }

        var unrecorded = new List<IdempotencyRecord>();
        foreach (var chunk in records.DistinctBy(r => r.OrderId, StringComparer.Ordinal).Chunk(ReadBatch))
        {
            var known = await RecordedOrderKeysAsync(dynamo, chunk.Select(r => Keys.Order(r.OrderId)), ct);
            unrecorded.AddRange(chunk.Where(r => !known.Contains(Keys.Order(r.OrderId))));
        }

        foreach (var chunk in unrecorded.Chunk(SendBatch))
        {
            await SendAsync(sqs, queueUrl, chunk, ct);
        }

        return unrecorded.Count;
    }

    private static async Task<HashSet<string>> RecordedOrderKeysAsync(IAmazonDynamoDB dynamo, IEnumerable<string> partitionKeys, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var request = new Dictionary<string, KeysAndAttributes>(StringComparer.Ordinal)
        {
            [FulfilmentTables.Orders.Name] = new()
            {
                Keys = [.. partitionKeys.Select(pk => Keys.Item(pk, OrderRepository.OrderSortKey))],
                ProjectionExpression = "pk",
            },
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

    private static async Task SendAsync(IAmazonSQS sqs, string queueUrl, IdempotencyRecord[] records, CancellationToken ct)
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
