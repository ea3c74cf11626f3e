using Amazon.SQS;
using Amazon.SQS.Model;

namespace Fulfilment.Local.OpsConsole;

/// <summary>One message in the dead-letter queue, with its system and message attributes.</summary>
public sealed record DeadLetter(
    string MessageId,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> MessageAttributes);

/// <summary>The dead-letter view: what the DLQ holds (up to <see cref="DeadLetters.MaxPeek"/>), and where a redrive sends it.</summary>
public sealed record DeadLetterView(string QueueUrl, string SourceQueueUrl, IReadOnlyList<DeadLetter> Messages, bool Truncated);

/// <summary>The outcome of a dead-letter redrive.</summary>
public sealed record DeadLetterRedrive(int Moved, int Failed);

/// <summary>
/// Peeks at the DLQ without consuming it (receive, then make every received message visible again at once) and redrives
/// it to the source queue by receive → send → delete: a message is deleted only after its copy was sent.
/// </summary>
public sealed class DeadLetters(IConsoleSources sources)
{
    /// <summary>The most messages one peek shows.</summary>
    public const int MaxPeek = 100;

    // Long enough that one peek sees each message once, short enough that a crash mid-peek hides nothing for long.
    private const int PeekVisibilitySeconds = 20;

    /// <summary>The messages in the DLQ; they stay in the queue, visible.</summary>
    public async Task<DeadLetterView> PeekAsync(CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, Message>(StringComparer.Ordinal);
        try
        {
            while (seen.Count < MaxPeek)
            {
                var batch = await ReceiveAsync(PeekVisibilitySeconds, cancellationToken);
                var fresh = batch.Where(m => seen.TryAdd(m.MessageId, m)).Count();
                if (fresh == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            await RestoreVisibilityAsync(seen.Values);
        }

        var messages = seen.Values
            .Select(m => new DeadLetter(
                m.MessageId,
                m.Body,
                m.Attributes ?? [],
                (m.MessageAttributes ?? []).ToDictionary(a => a.Key, a => a.Value.StringValue ?? $"({a.Value.DataType})", StringComparer.Ordinal)))
            .OrderBy(m => m.Attributes.GetValueOrDefault("SentTimestamp"), StringComparer.Ordinal)
            .ToList();
        return new DeadLetterView(sources.DeadLetterQueueUrl, sources.QueueUrl, messages, seen.Count >= MaxPeek);
    }

    /// <summary>Moves every message (or only <paramref name="messageId"/>) back to the source queue.</summary>
    public async Task<DeadLetterRedrive> RedriveAsync(string? messageId, CancellationToken cancellationToken)
    {
        int moved = 0, failed = 0;
        var skipped = new List<Message>();
        var handled = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var batch = await ReceiveAsync(PeekVisibilitySeconds, cancellationToken);
                var fresh = batch.Where(m => handled.Add(m.MessageId)).ToList();
                if (fresh.Count == 0)
                {
                    break;
                }

                foreach (var message in fresh)
                {
                    if (messageId is not null && message.MessageId != messageId)
                    {
                        skipped.Add(message);
                        continue;
                    }

                    try
                    {
                        await sources.Sqs.SendMessageAsync(
                            new SendMessageRequest
                            {
                                QueueUrl = sources.QueueUrl,
                                MessageBody = message.Body,
                                MessageAttributes = message.MessageAttributes is { Count: > 0 } attributes ? attributes : null,
                            },
                            cancellationToken);
                    }
                    catch (AmazonSQSException)
                    {
                        // Not sent: leave it in the DLQ (visible again below) rather than lose it.
                        failed++;
                        skipped.Add(message);
                        continue;
                    }

                    await sources.Sqs.DeleteMessageAsync(sources.DeadLetterQueueUrl, message.ReceiptHandle, cancellationToken);
                    moved++;
                }
            }
        }
        finally
        {
            await RestoreVisibilityAsync(skipped);
        }

        return new DeadLetterRedrive(moved, failed);
    }

    private async Task<List<Message>> ReceiveAsync(int visibilitySeconds, CancellationToken cancellationToken)
    {
        var response = await sources.Sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = sources.DeadLetterQueueUrl,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = visibilitySeconds,
                WaitTimeSeconds = 0,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            },
            cancellationToken);
        return response.Messages ?? [];
    }

    // Not cancellable on purpose: a peek or redrive that is cancelled must still hand back what it hid.
    private async Task RestoreVisibilityAsync(IEnumerable<Message> messages)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            await sources.Sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = sources.DeadLetterQueueUrl,
                    Entries = [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 0 })],
                },
                CancellationToken.None);
        }
    }
}
