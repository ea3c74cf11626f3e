using System.Text.Json.Serialization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Fulfilment.Local.Host;

/// <summary>One dead letter as kept across a restart: its body and string attributes (the correlation id).</summary>
internal sealed record ArchivedDeadLetter(string Body, Dictionary<string, string> Attributes);

/// <summary>
/// Keeps the dead-letter queue across a stop and start although the SQS emulator keeps messages in memory: on stop the
/// DLQ is drained into a JSON-lines file in the data directory, on start the file is sent back to the DLQ. Ops who
/// stop the stack between finding a dead letter and redriving it still find it. A process that is killed keeps nothing
/// here (accepted orders are safe anyway: <see cref="OrderReconciler"/> re-queues them).
/// </summary>
internal static class DeadLetterArchive
{
    /// <summary>
    /// Every message in the queue, each received once: they stay hidden for <paramref name="hiddenForSeconds"/>, so the
    /// loop ends when nothing visible is left instead of meeting the same messages again.
    /// </summary>
    public static async Task<List<Message>> ReceiveAllOnceAsync(IAmazonSQS sqs, string queueUrl, int hiddenForSeconds, CancellationToken ct)
    {
        var received = new List<Message>();
        while (true)
        {
            var batch = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = hiddenForSeconds,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["ApproximateReceiveCount"],
                },
                ct);
            if (batch.Messages is not { Count: > 0 } messages)
            {
                return received;
            }

            received.AddRange(messages);
        }
    }

    /// <summary>The message's string attributes (the correlation id, the traceparent): what a restored copy carries.</summary>
    public static Dictionary<string, string> StringAttributes(Message message) =>
        (message.MessageAttributes ?? []).Where(a => a.Value.DataType == "String").ToDictionary(a => a.Key, a => a.Value.StringValue, StringComparer.Ordinal);

    public static async Task<int> SaveAsync(IAmazonSQS sqs, string deadLetterQueueUrl, string path, CancellationToken ct)
    {
        // Hidden for the rest of the run: the stack is stopping.
        var saved = (await ReceiveAllOnceAsync(sqs, deadLetterQueueUrl, 600, ct)).Select(m => new ArchivedDeadLetter(m.Body, StringAttributes(m))).ToList();

        if (saved.Count > 0)
        {
            await JsonLinesFile.WriteAsync(path, saved, DeadLetterJsonContext.Default.ArchivedDeadLetter, ct);
        }

        return saved.Count;
    }

    public static async Task<int> RestoreAsync(IAmazonSQS sqs, string deadLetterQueueUrl, string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var letters = await JsonLinesFile.ReadAsync(path, DeadLetterJsonContext.Default.ArchivedDeadLetter, "dead-letter archive", ct);
        foreach (var letter in letters)
        {
            await SendAsync(sqs, deadLetterQueueUrl, letter.Body, letter.Attributes, ct);
        }

        // Deleted only once every letter is back: a crash before this line restores them again (at least once, like SQS).
        File.Delete(path);
        return letters.Count;
    }

    /// <summary>Sends a kept message back with its string attributes; returns the new message id.</summary>
    public static async Task<string> SendAsync(IAmazonSQS sqs, string queueUrl, string body, IReadOnlyDictionary<string, string> attributes, CancellationToken ct)
    {
        var sent = await sqs.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = queueUrl,
                MessageBody = body,
                MessageAttributes = attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = "String", StringValue = a.Value }, StringComparer.Ordinal),
            },
            ct);
        return sent.MessageId;
    }
}

/// <summary>Source-generated JSON for the dead-letter archive.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ArchivedDeadLetter))]
internal sealed partial class DeadLetterJsonContext : JsonSerializerContext;
