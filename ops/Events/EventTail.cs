using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Local.EventBridge.Patterns;

namespace Fulfilment.Ops.Events;

/// <summary>How `events tail` runs.</summary>
internal sealed record TailOptions(EventPattern? Pattern, bool FromStart, bool Follow, int? MaxEvents, TimeSpan? Timeout);

/// <summary>Follows the local events file (JSON lines) or an SQS queue subscribed to the bus, filtered by an event pattern.</summary>
internal sealed class EventTail(Func<string, Task> write)
{
    private static readonly TimeSpan FilePoll = TimeSpan.FromMilliseconds(200);

    public async Task<int> FollowFileAsync(string path, TailOptions options, CancellationToken ct)
    {
        using var stop = Deadline(options, ct);
        var written = 0;
        try
        {
            while (!File.Exists(path))
            {
                if (!options.Follow)
                {
                    return 0;
                }

                await Task.Delay(FilePoll, stop.Token);
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (!options.FromStart)
            {
                stream.Seek(0, SeekOrigin.End);
            }

            using var reader = new StreamReader(stream);
            var pending = "";
            while (options.MaxEvents is not { } max || written < max)
            {
                var line = await reader.ReadLineAsync(stop.Token);
                if (line is null)
                {
                    if (!options.Follow)
                    {
                        break;
                    }

                    await Task.Delay(FilePoll, stop.Token);
                    continue;
                }

                // A writer may be mid-line: keep the fragment until the rest arrives.
                line = pending + line;
                if (!IsCompleteJson(line))
                {
                    pending = line;
                    continue;
                }

                pending = "";
                if (await EmitAsync(line, options))
                {
                    written++;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // --timeout reached: a normal end of the tail.
        }

        return written;
    }

    /// <summary>Receives from the queue and deletes what it printed: point it at a queue made for tailing.</summary>
    public async Task<int> FollowQueueAsync(IAmazonSQS sqs, string queueUrl, TailOptions options, CancellationToken ct)
    {
        using var stop = Deadline(options, ct);
        var written = 0;
        try
        {
            while (options.MaxEvents is not { } max || written < max)
            {
                var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = options.Follow ? 5 : 1 }, stop.Token);
                var messages = response.Messages ?? [];
                if (messages.Count == 0 && !options.Follow)
                {
                    break;
                }

                foreach (var message in messages)
                {
                    if ((options.MaxEvents is not { } limit || written < limit) && await EmitAsync(message.Body, options))
                    {
                        written++;
                    }

                    await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = queueUrl, ReceiptHandle = message.ReceiptHandle }, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        return written;
    }

    private async Task<bool> EmitAsync(string json, TailOptions options)
    {
        if (options.Pattern is { } pattern && !pattern.Matches(json))
        {
            return false;
        }

        await write(json);
        return true;
    }

    private static bool IsCompleteJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static CancellationTokenSource Deadline(TailOptions options, CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (options.Timeout is { } timeout)
        {
            source.CancelAfter(timeout);
        }

        return source;
    }
}
