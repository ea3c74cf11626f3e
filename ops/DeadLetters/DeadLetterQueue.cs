using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.DeadLetters;

/// <summary>Looks at and redrives a dead-letter queue through the SQS API.</summary>
internal sealed class DeadLetterQueue(IAmazonSQS sqs)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // Held only while peeking; every message is made visible again right after.
    private const int PeekVisibilitySeconds = 30;

    // Long enough for send + delete of a batch; a crash leaves the message to reappear, never lost.
    private const int CopyVisibilitySeconds = 60;

    public async Task<string> QueueUrlAsync(string urlOrName, CancellationToken ct) =>
        urlOrName.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? urlOrName
            : (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = urlOrName }, ct)).QueueUrl;

    public async Task<int> ApproximateCountAsync(string queueUrl, CancellationToken ct)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages"] }, ct);
        return attributes.ApproximateNumberOfMessages;
    }

    /// <summary>
    /// Receives up to <paramref name="max"/> messages and makes each visible again at once (visibility 0): nothing is
    /// consumed. SQS counts the look as one more receive, so <c>ApproximateReceiveCount</c> includes it.
    /// </summary>
    public async Task<DeadLetterPeek> PeekAsync(string queueUrl, int max, CancellationToken ct)
    {
        var count = await ApproximateCountAsync(queueUrl, ct);
        var seen = new Dictionary<string, (Message Message, string Handle)>(StringComparer.Ordinal);
        try
        {
            while (seen.Count < max)
            {
                var response = await sqs.ReceiveMessageAsync(
                    new ReceiveMessageRequest
                    {
                        QueueUrl = queueUrl,
                        MaxNumberOfMessages = Math.Min(10, max - seen.Count),
                        VisibilityTimeout = PeekVisibilitySeconds,
                        WaitTimeSeconds = 0,
                        MessageSystemAttributeNames = ["All"],
                        MessageAttributeNames = ["All"],
                    },
                    ct);
                var fresh = (response.Messages ?? []).Where(m => seen.TryAdd(m.MessageId, (m, m.ReceiptHandle))).ToList();
                if (fresh.Count == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            // Even when cancelled: hand every message back so the peek consumed nothing.
            await ReleaseAsync(queueUrl, seen.Values.Select(v => v.Handle).ToList());
        }

        var messages = seen.Values.Select(v => ToView(v.Message)).OrderBy(m => m.SentAt).ToList();
        return new DeadLetterPeek(queueUrl, Math.Max(count, messages.Count), messages);
    }

    /// <summary>Moves every message from the DLQ to its source queue (or <paramref name="destinationUrl"/>).</summary>
    public async Task<DeadLetterRedriveResult> RedriveAsync(
        string sourceUrl, string? destinationUrl, RedriveMethod method, bool dryRun, int? maxPerSecond, TimeSpan timeout, CancellationToken ct)
    {
        var count = await ApproximateCountAsync(sourceUrl, ct);
        if (dryRun)
        {
            var destination = destinationUrl ?? await SourceQueueAsync(sourceUrl, required: false, ct);
            return new DeadLetterRedriveResult(sourceUrl, destination, method.ToString(), true, count, 0, 0, "DryRun",
                $"would move about {count} message(s) to {destination ?? "the queue(s) whose redrive policy names this DLQ"}");
        }

        if (method is RedriveMethod.Auto or RedriveMethod.MoveTask)
        {
            try
            {
                return await MoveTaskAsync(sourceUrl, destinationUrl, count, maxPerSecond, timeout, ct);
            }
            catch (AmazonSQSException ex) when (method == RedriveMethod.Auto && IsUnsupported(ex))
            {
                // An endpoint without message move tasks (some emulators): fall through to receive-send-delete.
            }
        }

        var target = destinationUrl ?? await SourceQueueAsync(sourceUrl, required: true, ct);
        return await CopyAsync(sourceUrl, target!, count, timeout, ct);
    }

    private async Task<DeadLetterRedriveResult> MoveTaskAsync(string sourceUrl, string? destinationUrl, int count, int? maxPerSecond, TimeSpan timeout, CancellationToken ct)
    {
        var sourceArn = await ArnAsync(sourceUrl, ct);
        var destinationArn = destinationUrl is null ? null : await ArnAsync(destinationUrl, ct);
        var started = await sqs.StartMessageMoveTaskAsync(
            new StartMessageMoveTaskRequest { SourceArn = sourceArn, DestinationArn = destinationArn, MaxNumberOfMessagesPerSecond = maxPerSecond },
            ct);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var tasks = await sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = sourceArn, MaxResults = 10 }, ct);
            var task = (tasks.Results ?? []).FirstOrDefault(t => t.TaskHandle == started.TaskHandle) ?? tasks.Results?.FirstOrDefault();
            if (task is not null && task.Status is "COMPLETED" or "FAILED" or "CANCELLED")
            {
                return new DeadLetterRedriveResult(
                    sourceUrl, destinationUrl ?? task.DestinationArn, "MoveTask", false, count,
                    task.ApproximateNumberOfMessagesMoved ?? 0, task.Status == "COMPLETED" ? 0 : Math.Max(0, count - (task.ApproximateNumberOfMessagesMoved ?? 0)),
                    task.Status, task.FailureReason);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return new DeadLetterRedriveResult(sourceUrl, destinationUrl, "MoveTask", false, count, task?.ApproximateNumberOfMessagesMoved ?? 0, 0, "RUNNING",
                    $"the move task {started.TaskHandle} is still running after {timeout.TotalSeconds:F0} s; it goes on without us (see ListMessageMoveTasks)");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Receive → send the copy → delete the original: a failure can duplicate a message, never lose one.</summary>
    private async Task<DeadLetterRedriveResult> CopyAsync(string sourceUrl, string destinationUrl, int count, TimeSpan timeout, CancellationToken ct)
    {
        var fifo = destinationUrl.EndsWith(".fifo", StringComparison.Ordinal);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        long moved = 0, failed = 0;
        var emptyReceives = 0;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (emptyReceives < 2 && DateTimeOffset.UtcNow < deadline)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = sourceUrl, MaxNumberOfMessages = 10, VisibilityTimeout = CopyVisibilitySeconds, WaitTimeSeconds = 1,
                    MessageSystemAttributeNames = ["All"], MessageAttributeNames = ["All"],
                },
                ct);
            var messages = response.Messages ?? [];
            emptyReceives = messages.Count == 0 ? emptyReceives + 1 : 0;
            foreach (var message in messages)
            {
                // Seen again after a failed delete: its copy is already on the destination, so only the delete is retried.
                if (!sent.Contains(message.MessageId))
                {
                    try
                    {
                        await sqs.SendMessageAsync(Copy(message, destinationUrl, fifo), ct);
                        sent.Add(message.MessageId);
                    }
                    catch (AmazonSQSException)
                    {
                        failed++;
                        await ReleaseAsync(sourceUrl, [message.ReceiptHandle]);
                        continue;
                    }
                }

                await sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = sourceUrl, ReceiptHandle = message.ReceiptHandle }, ct);
                moved++;
            }
        }

        return new DeadLetterRedriveResult(sourceUrl, destinationUrl, "Copy", false, count, moved, failed, failed == 0 ? "COMPLETED" : "FAILED",
            failed == 0 ? null : $"{failed} message(s) could not be sent and stay on the dead-letter queue");
    }

    private static SendMessageRequest Copy(Message message, string destinationUrl, bool fifo)
    {
        var request = new SendMessageRequest
        {
            QueueUrl = destinationUrl,
            MessageBody = message.Body,
            MessageAttributes = message.MessageAttributes is { Count: > 0 } attributes ? attributes : null,
        };
        if (fifo)
        {
            request.MessageGroupId = message.Attributes?.GetValueOrDefault("MessageGroupId") ?? "redrive";
            request.MessageDeduplicationId = message.Attributes?.GetValueOrDefault("MessageDeduplicationId") ?? message.MessageId;
        }

        return request;
    }

    private async Task<string?> SourceQueueAsync(string deadLetterUrl, bool required, CancellationToken ct)
    {
        try
        {
            var sources = await sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = deadLetterUrl }, ct);
            if (sources.QueueUrls is { Count: 1 } one)
            {
                return one[0];
            }
        }
        catch (AmazonSQSException ex) when (IsUnsupported(ex))
        {
        }

        // Our naming convention (DESIGN 7): fulfilment-new-orders-dlq redrives to fulfilment-new-orders.
        if (deadLetterUrl.EndsWith("-dlq", StringComparison.Ordinal))
        {
            return deadLetterUrl[..^"-dlq".Length];
        }

        return required
            ? throw new UsageException($"Cannot tell which queue {deadLetterUrl} is the dead-letter queue of: give --destination-url.")
            : null;
    }

    private async Task<string> ArnAsync(string queueUrl, CancellationToken ct) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, ct)).QueueARN;

    private async Task ReleaseAsync(string queueUrl, IReadOnlyList<string> handles)
    {
        // Not cancellable on purpose: this is the step that gives messages back.
        foreach (var chunk in handles.Chunk(10))
        {
            await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = chunk.Select((h, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), ReceiptHandle = h, VisibilityTimeout = 0 }).ToList(),
                },
                CancellationToken.None);
        }
    }

    private static bool IsUnsupported(AmazonSQSException ex) =>
        ex.ErrorCode is "InvalidAction" or "UnknownOperationException" or "AWS.SimpleQueueService.UnsupportedOperation.NotImplemented"
        || ex.StatusCode is System.Net.HttpStatusCode.NotImplemented or System.Net.HttpStatusCode.NotFound;

    private static DeadLetterMessage ToView(Message m)
    {
        var attributes = m.Attributes ?? [];
        return new DeadLetterMessage(
            m.MessageId,
            m.Body,
            int.TryParse(attributes.GetValueOrDefault("ApproximateReceiveCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var receives) ? receives : 0,
            Epoch(attributes.GetValueOrDefault("SentTimestamp")),
            Epoch(attributes.GetValueOrDefault("ApproximateFirstReceiveTimestamp")),
            attributes,
            (m.MessageAttributes ?? []).ToDictionary(a => a.Key, a => a.Value.StringValue ?? $"({a.Value.DataType})", StringComparer.Ordinal));
    }

    private static DateTimeOffset? Epoch(string? millis) =>
        long.TryParse(millis, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
