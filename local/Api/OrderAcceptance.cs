using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Contracts.Orders;

namespace Fulfilment.Local.Api;

/// <summary>
/// What API Gateway's SQS integration does with a validated order (cdk/Api/templates/post-orders-request.vtl): the
/// <see cref="NewOrderEvent"/> is the template's fields (version, the derived order id, the key, the request id as the
/// correlation id, the request time) followed by the body's members as the client sent them, put on the queue with a
/// <c>correlationId</c> attribute. Every request is sent, a retry too: intake keeps a retried key from becoming a second order.
/// </summary>
public sealed class OrderAcceptance(AcceptedOrderJournal journal, IAmazonSQS sqs, string queueUrl)
{
    /// <summary>Sends the order's message; throws when the queue cannot be reached (the journal then forgets it).</summary>
    public async Task<AcceptedOrder> AcceptAsync(GatewayRequest request, string idempotencyKey, JsonObject body, string? traceParent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var entry = new AcceptedOrder(request.OrderId, (string)body["customerId"]!, idempotencyKey, request.RequestId, Message(request, idempotencyKey, body).ToJsonString());
        await journal.AddAsync(entry, cancellationToken);
        try
        {
            await sqs.SendMessageAsync(
                new SendMessageRequest { QueueUrl = queueUrl, MessageBody = entry.Message, MessageAttributes = Attributes(entry.CorrelationId, traceParent) },
                cancellationToken);
        }
        catch
        {
            await journal.RemoveAsync(entry.OrderId, CancellationToken.None);
            throw;
        }

        return entry;
    }

    /// <summary>The message the request template would send for this request (the same JSON value).</summary>
    public static JsonObject Message(GatewayRequest request, string idempotencyKey, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var message = new JsonObject
        {
            ["version"] = NewOrderEvent.CurrentVersion,
            ["orderId"] = request.OrderId,
            ["idempotencyKey"] = idempotencyKey,
            ["correlationId"] = request.RequestId,
            ["placedAt"] = request.PlacedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in body)
        {
            message[name] = value?.DeepClone();
        }

        return message;
    }

    private static Dictionary<string, MessageAttributeValue> Attributes(string correlationId, string? traceParent)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            ["correlationId"] = new() { DataType = "String", StringValue = correlationId },
        };
        if (traceParent is not null)
        {
            attributes["traceparent"] = new() { DataType = "String", StringValue = traceParent };
        }

        return attributes;
    }
}
