using System.Security.Cryptography;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Local.Api;

/// <summary>
/// Accepts a validated order exactly once per (API key, Idempotency-Key): assigns the ULID, remembers it, and puts the
/// <see cref="NewOrderEvent"/> on the queue. What API Gateway's SQS integration does in AWS, plus idempotent replay.
/// </summary>
public sealed class OrderAcceptance(IdempotencyStore store, IAmazonSQS sqs, string queueUrl, TimeProvider clock)
{
    /// <summary>Accepts the request or tells why not; throws only when the queue cannot be reached.</summary>
    public async Task<AcceptanceOutcome> AcceptAsync(string apiKey, string idempotencyKey, CreateOrderRequest request, string correlationId, string? traceParent, CancellationToken cancellationToken)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(request, ContractsJsonContext.Default.CreateOrderRequest);
        var hash = Convert.ToHexStringLower(SHA256.HashData(canonical));
        var orderId = OrderIds.New(clock);
        var message = NewOrderEvent.From(request, orderId, idempotencyKey, correlationId, clock.GetUtcNow());
        var candidate = new IdempotencyRecord(idempotencyKey, hash, orderId, correlationId, JsonSerializer.Serialize(message, ContractsJsonContext.Default.NewOrderEvent), Sent: false);

        var (record, created) = await store.GetOrAddAsync(apiKey, candidate, cancellationToken);
        if (!created && record.BodyHash != hash)
        {
            return new AcceptanceOutcome(null, KeyReused: true);
        }

        if (!record.Sent)
        {
            // A first attempt, or a replay of one whose send never completed: sending again is safe (intake dedupes on orderId).
            await sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = queueUrl,
                    MessageBody = record.Message,
                    MessageAttributes = Attributes(record.CorrelationId, traceParent),
                },
                cancellationToken);
            await store.MarkSentAsync(apiKey, idempotencyKey, cancellationToken);
        }

        return new AcceptanceOutcome(record, KeyReused: false);
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

/// <summary>The accepted order (the same one for a replay), or <see cref="KeyReused"/> when the key belongs to another body.</summary>
public sealed record AcceptanceOutcome(IdempotencyRecord? Record, bool KeyReused);
