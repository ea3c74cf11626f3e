using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Fulfilment.Local.Host;

/// <summary>One message of the new-orders queue as kept across a restart: body, string attributes and how often it had been received.</summary>
internal sealed record ArchivedMessage(string Body, Dictionary<string, string> Attributes, int ReceiveCount);

/// <summary>
/// Keeps the <c>fulfilment-new-orders</c> queue across a stop and start although the SQS emulator keeps messages in
/// memory, with honest receive counts: a poison message that had been received twice before the stop reaches the DLQ
/// after one more failed receive, not three. On stop every visible message is received once, and the ones hidden by a
/// failed delivery are taken from the event source mapping that received them; each is written to a JSON-lines file
/// with its receive count (not counting our own receive); on start a message at
/// or past <c>maxReceiveCount</c> goes to the DLQ (where its next receive would have moved it), the others are sent back
/// and received as often as they had been. Orders are kept too: the chain is idempotent (intake's conditional put, the
/// execution named after the order), so an order both kept here and re-queued by <see cref="OrderReconciler"/> runs once.
/// </summary>
internal static class QueuedMessageArchive
{
    /// <summary>The archive's file name in the data directory.</summary>
    public const string FileName = "queued-messages.jsonl";

    // The replay's receives hide each message this long; it ends by making every one visible again.
    private const int HiddenForSeconds = 600;

    /// <summary>
    /// Saves every visible message of the queue (received once here) and the <paramref name="hidden"/> ones, which are still
    /// hidden by the visibility timeout of a failed delivery and cannot be received (as that delivery received them).
    /// </summary>
    public static async Task<int> SaveAsync(IAmazonSQS sqs, string queueUrl, IReadOnlyCollection<Message> hidden, string path, CancellationToken ct)
    {
        // Our own receive is not a delivery: the count kept is the one before it.
        var visible = await DeadLetterArchive.ReceiveAllOnceAsync(sqs, queueUrl, HiddenForSeconds, ct);
        var seen = visible.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        var saved = visible
            .Select(m => new ArchivedMessage(m.Body, DeadLetterArchive.StringAttributes(m), Math.Max(0, ReceiveCountOf(m) - 1)))
            .Concat(hidden.Where(m => !seen.Contains(m.MessageId)).Select(m => new ArchivedMessage(m.Body, DeadLetterArchive.StringAttributes(m), ReceiveCountOf(m))))
            .ToList();
        if (saved.Count > 0)
        {
            await JsonLinesFile.WriteAsync(path, saved, QueuedMessageJsonContext.Default.ArchivedMessage, ct);
        }

        return saved.Count;
    }

    /// <summary>Puts the kept messages back; returns how many went back to the queue and how many to the DLQ.</summary>
    public static async Task<(int Queued, int DeadLettered)> RestoreAsync(IAmazonSQS sqs, string queueUrl, string deadLetterQueueUrl, string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        var messages = await JsonLinesFile.ReadAsync(path, QueuedMessageJsonContext.Default.ArchivedMessage, "queued-message archive", ct);
        var maxReceiveCount = await MaxReceiveCountAsync(sqs, queueUrl, ct);
        var deadLettered = 0;
        var replay = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var message in messages.Where(m => m.ReceiveCount > 0))
        {
            if (message.ReceiveCount >= maxReceiveCount)
            {
                await SendAsync(sqs, deadLetterQueueUrl, message, ct);
                deadLettered++;
            }
            else
            {
                replay[await SendAsync(sqs, queueUrl, message, ct)] = message.ReceiveCount;
            }
        }

        // The queue holds only the replayed messages now (it was created empty, nothing consumes it yet): receive each as
        // often as it had been received, then send the messages that never were.
        await ReplayReceivesAsync(sqs, queueUrl, replay, ct);
        foreach (var message in messages.Where(m => m.ReceiveCount == 0))
        {
            await SendAsync(sqs, queueUrl, message, ct);
        }

        // Deleted only once every message is back: a crash before this line restores them again (at least once, like SQS).
        File.Delete(path);
        return (messages.Count - deadLettered, deadLettered);
    }

    private static async Task ReplayReceivesAsync(IAmazonSQS sqs, string queueUrl, Dictionary<string, int> remaining, CancellationToken ct)
    {
        var reached = new List<string>();
        var emptyReceives = 0;
        while (remaining.Values.Any(r => r > 0))
        {
            var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = HiddenForSeconds }, ct);
            if (batch.Messages is not { Count: > 0 } received)
            {
                if (++emptyReceives > 100)
                {
                    throw new InvalidOperationException($"Restoring the receive counts of {remaining.Count(r => r.Value > 0)} kept message(s) found them missing from {queueUrl}.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
                continue;
            }

            foreach (var message in received)
            {
                var left = remaining.TryGetValue(message.MessageId, out var r) ? r - 1 : 0;
                remaining[message.MessageId] = left;
                if (left > 0)
                {
                    await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, ct);
                }
                else
                {
                    reached.Add(message.ReceiptHandle);
                }
            }
        }

        foreach (var receiptHandle in reached)
        {
            await sqs.ChangeMessageVisibilityAsync(queueUrl, receiptHandle, 0, ct);
        }
    }

    private static Task<string> SendAsync(IAmazonSQS sqs, string queueUrl, ArchivedMessage message, CancellationToken ct) =>
        DeadLetterArchive.SendAsync(sqs, queueUrl, message.Body, message.Attributes, ct);

    /// <summary>The queue's <c>RedrivePolicy.maxReceiveCount</c> (a number or a string, as SQS accepts both); no policy: never.</summary>
    private static async Task<int> MaxReceiveCountAsync(IAmazonSQS sqs, string queueUrl, CancellationToken ct)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["RedrivePolicy"] }, ct);
        if (attributes.Attributes?.GetValueOrDefault("RedrivePolicy") is not { Length: > 0 } policy
            || JsonNode.Parse(policy)?["maxReceiveCount"] is not JsonValue value)
        {
            return int.MaxValue;
        }

        return value.TryGetValue<int>(out var number) ? number
            : int.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : int.MaxValue;
    }

    private static int ReceiveCountOf(Message message) =>
        message.Attributes?.GetValueOrDefault("ApproximateReceiveCount") is { } count && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
}

/// <summary>Source-generated JSON for the queued-message archive.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ArchivedMessage))]
internal sealed partial class QueuedMessageJsonContext : JsonSerializerContext;
