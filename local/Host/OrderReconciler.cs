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
/// was in fact still on its way does no harm.
/// </summary>
internal static class OrderReconciler
{
    public static async Task<int> RequeueUnrecordedAsync(string idempotencyDatabase, IAmazonDynamoDB dynamo, IAmazonSQS sqs, string queueUrl, CancellationToken ct)
    {
        await using var store = await IdempotencyStore.OpenAsync(idempotencyDatabase, ct);
        var requeued = 0;
        foreach (var record in await store.ListAsync(ct))
        {
            var existing = await dynamo.GetItemAsync(
                new GetItemRequest { TableName = FulfilmentTables.Orders.Name, Key = Keys.Item(Keys.Order(record.OrderId), OrderRepository.OrderSortKey), ProjectionExpression = "pk" },
                ct);
            if (existing.Item is { Count: > 0 })
            {
                continue;
            }

            await sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = queueUrl,
                    MessageBody = record.Message,
                    MessageAttributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
                    {
                        ["correlationId"] = new() { DataType = "String", StringValue = record.CorrelationId },
                    },
                },
                ct);
            requeued++;
        }

        return requeued;
    }
}
