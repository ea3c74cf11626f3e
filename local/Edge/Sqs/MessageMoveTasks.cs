using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Fulfilment.Local.Edge.Sqs;

/// <summary>
/// The SQS dead-letter redrive operations fauxqs lacks: <c>StartMessageMoveTask</c>, <c>ListMessageMoveTasks</c>,
/// <c>CancelMessageMoveTask</c>, <c>ListDeadLetterSourceQueues</c>. A move receives from the DLQ, sends the copy, and
/// deletes the original only after the copy was accepted, so a crash can duplicate but never lose a message.
/// </summary>
internal sealed class MessageMoveTasks(IAmazonSQS sqs) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, MoveTask> _tasks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public async Task<StartMessageMoveTaskResponse> StartAsync(StartMessageMoveTaskRequest request, CancellationToken cancellationToken)
    {
        var sourceUrl = await UrlOfArnAsync(request.SourceArn, cancellationToken);
        var sources = await DeadLetterSourcesAsync(request.SourceArn, cancellationToken);
        if (sources.Count == 0)
        {
            throw new SqsEdgeException("InvalidParameterValue", "InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.");
        }

        string destinationUrl;
        if (request.DestinationArn is not null)
        {
            destinationUrl = await UrlOfArnAsync(request.DestinationArn, cancellationToken);
        }
        else if (sources.Count == 1)
        {
            // fauxqs does not record a message's original queue, so "back to the source" needs a single source queue.
            destinationUrl = sources[0];
        }
        else
        {
            throw new SqsEdgeException("InvalidParameterValue", "InvalidParameterValue",
                "This dead-letter queue has several source queues and the local SQS does not record each message's origin: give DestinationArn.");
        }

        if (request.MaxNumberOfMessagesPerSecond is < 1 or > 500)
        {
            throw new SqsEdgeException("InvalidParameterValue", "InvalidParameterValue", "MaxNumberOfMessagesPerSecond must be between 1 and 500.");
        }

        if (_tasks.Values.Any(t => t.SourceArn == request.SourceArn && t.Status is "RUNNING" or "CANCELLING"))
        {
            throw new SqsEdgeException("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", "There is already an active message movement task for this source queue.");
        }

        var toMove = await ApproximateCountAsync(sourceUrl, cancellationToken);
        var handle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"taskId\":\"{Guid.NewGuid()}\",\"sourceArn\":\"{request.SourceArn}\"}}"));
        var task = new MoveTask(handle, request, sourceUrl, destinationUrl, toMove, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _tasks[handle] = task;
        task.Run = Task.Run(() => MoveAsync(task), CancellationToken.None);
        return new StartMessageMoveTaskResponse { TaskHandle = handle };
    }

    public Task<ListMessageMoveTasksResponse> ListAsync(ListMessageMoveTasksRequest request)
    {
        var max = request.MaxResults ?? 1;
        if (max is < 1 or > 10)
        {
            throw new SqsEdgeException("InvalidParameterValue", "InvalidParameterValue", "MaxResults must be between 1 and 10.");
        }

        var results = _tasks.Values.Where(t => t.SourceArn == request.SourceArn)
            .OrderByDescending(t => t.Started).Take(max)
            .Select(t => t.ToEntry()).ToList();
        return Task.FromResult(new ListMessageMoveTasksResponse { Results = results });
    }

    public async Task<CancelMessageMoveTaskResponse> CancelAsync(CancelMessageMoveTaskRequest request)
    {
        if (!_tasks.TryGetValue(request.TaskHandle, out var task) || task.Status != "RUNNING")
        {
            throw new SqsEdgeException("ResourceNotFoundException", "ResourceNotFoundException", "The resource that you specified for the TaskHandle parameter doesn't exist or isn't running.");
        }

        task.Status = "CANCELLING";
        await task.Cancellation.CancelAsync();
        try
        {
            await task.Run!;
        }
        catch (OperationCanceledException)
        {
        }

        return new CancelMessageMoveTaskResponse { ApproximateNumberOfMessagesMoved = task.Moved };
    }

    public async Task<ListDeadLetterSourceQueuesResponse> ListDeadLetterSourceQueuesAsync(ListDeadLetterSourceQueuesRequest request, CancellationToken cancellationToken)
    {
        string arn;
        try
        {
            arn = (await sqs.GetQueueAttributesAsync(request.QueueUrl, ["QueueArn"], cancellationToken)).QueueARN;
        }
        catch (QueueDoesNotExistException ex)
        {
            throw new SqsEdgeException("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", ex.Message);
        }

        var all = await DeadLetterSourcesAsync(arn, cancellationToken);
        var start = int.TryParse(request.NextToken, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = request.MaxResults ?? 1000;
        var page = all.Skip(start).Take(size).ToList();
        return new ListDeadLetterSourceQueuesResponse
        {
            QueueUrls = page,
            NextToken = request.MaxResults is not null && start + size < all.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var task in _tasks.Values)
        {
            try
            {
                await (task.Run ?? Task.CompletedTask);
            }
            catch (OperationCanceledException)
            {
            }

            task.Cancellation.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task MoveAsync(MoveTask task)
    {
        var token = task.Cancellation.Token;
        var clock = Stopwatch.StartNew();
        try
        {
            var emptyReceives = 0;
            while (emptyReceives < 2)
            {
                token.ThrowIfCancellationRequested();
                var batchSize = 10;
                if (task.Request.MaxNumberOfMessagesPerSecond is { } rate)
                {
                    // Rate limit: never get ahead of rate × elapsed seconds.
                    var allowed = (long)(rate * Math.Max(1, clock.Elapsed.TotalSeconds)) - task.Moved;
                    if (allowed <= 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), token);
                        continue;
                    }

                    batchSize = (int)Math.Min(10, allowed);
                }

                var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = task.SourceUrl, MaxNumberOfMessages = batchSize, WaitTimeSeconds = 0, VisibilityTimeout = 60,
                    MessageAttributeNames = ["All"], MessageSystemAttributeNames = ["All"],
                }, token);
                if (received.Messages is not { Count: > 0 } messages)
                {
                    emptyReceives++;
                    continue;
                }

                emptyReceives = 0;
                await MoveBatchAsync(task, messages, token);
            }

            task.Status = "COMPLETED";
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            task.Status = "CANCELLED";
        }
        catch (AmazonSQSException ex)
        {
            task.Status = "FAILED";
            task.FailureReason = ex.ErrorCode ?? ex.Message;
        }
    }

    private async Task MoveBatchAsync(MoveTask task, List<Message> messages, CancellationToken token)
    {
        var fifo = task.DestinationUrl.EndsWith(".fifo", StringComparison.Ordinal);
        var entries = messages.Select((m, i) => new SendMessageBatchRequestEntry
        {
            Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MessageBody = m.Body,
            MessageAttributes = m.MessageAttributes is { Count: > 0 } attributes ? attributes : null,
            MessageGroupId = fifo ? Attribute(m, "MessageGroupId") ?? "default" : null,
            MessageDeduplicationId = fifo ? Attribute(m, "MessageDeduplicationId") ?? m.MessageId : null,
        }).ToList();

        // The copy first; only what the destination accepted is deleted from the source.
        var sent = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = task.DestinationUrl, Entries = entries }, token);
        var accepted = (sent.Successful ?? []).Select(s => int.Parse(s.Id, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        if (accepted.Count > 0)
        {
            var deletes = accepted.Select(i => new DeleteMessageBatchRequestEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = messages[i].ReceiptHandle }).ToList();
            await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = task.SourceUrl, Entries = deletes }, CancellationToken.None);
            task.AddMoved(accepted.Count);
        }

        if (sent.Failed is { Count: > 0 } failed)
        {
            // Make the uncopied ones visible again at once, then stop: AWS fails the task rather than skipping messages.
            foreach (var failure in failed)
            {
                var message = messages[int.Parse(failure.Id, System.Globalization.CultureInfo.InvariantCulture)];
                await sqs.ChangeMessageVisibilityAsync(task.SourceUrl, message.ReceiptHandle, 0, CancellationToken.None);
            }

            throw new AmazonSQSException($"{failed[0].Code}: {failed[0].Message}") { ErrorCode = failed[0].Code };
        }
    }

    private static string? Attribute(Message message, string name) =>
        message.Attributes is { } attributes && attributes.TryGetValue(name, out var value) ? value : null;

    private async Task<long> ApproximateCountAsync(string queueUrl, CancellationToken cancellationToken)
    {
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages"], cancellationToken);
        return attributes.ApproximateNumberOfMessages;
    }

    private async Task<string> UrlOfArnAsync(string arn, CancellationToken cancellationToken)
    {
        var parts = arn.Split(':');
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "sqs")
        {
            throw new SqsEdgeException("InvalidParameterValue", "InvalidParameterValue", $"Value {arn} for parameter SourceArn is invalid. Reason: not an SQS queue ARN.");
        }

        try
        {
            return (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = parts[5] }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException ex)
        {
            throw new SqsEdgeException("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", $"The specified queue does not exist: {arn}. {ex.Message}");
        }
    }

    private async Task<List<string>> DeadLetterSourcesAsync(string deadLetterArn, CancellationToken cancellationToken)
    {
        var sources = new List<string>();
        var queues = await sqs.ListQueuesAsync(new ListQueuesRequest(), cancellationToken);
        foreach (var url in queues.QueueUrls ?? [])
        {
            var attributes = await sqs.GetQueueAttributesAsync(url, ["RedrivePolicy"], cancellationToken);
            if (attributes.Attributes is { } map && map.TryGetValue("RedrivePolicy", out var policy)
                && policy.Contains($"\"{deadLetterArn}\"", StringComparison.Ordinal))
            {
                sources.Add(url);
            }
        }

        return sources;
    }

    private sealed class MoveTask(string handle, StartMessageMoveTaskRequest request, string sourceUrl, string destinationUrl, long toMove, CancellationTokenSource cancellation)
    {
        private long _moved;

        public string Handle { get; } = handle;
        public StartMessageMoveTaskRequest Request { get; } = request;
        public string SourceArn => Request.SourceArn;
        public string SourceUrl { get; } = sourceUrl;
        public string DestinationUrl { get; } = destinationUrl;
        public long ToMove { get; } = toMove;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
        public Task? Run { get; set; }
        public volatile string Status = "RUNNING";
        public string? FailureReason { get; set; }
        public long Moved => Interlocked.Read(ref _moved);

        public void AddMoved(int count) => Interlocked.Add(ref _moved, count);

        public ListMessageMoveTasksResultEntry ToEntry() => new()
        {
            TaskHandle = Status == "RUNNING" ? Handle : null,
            Status = Status,
            SourceArn = SourceArn,
            DestinationArn = Request.DestinationArn,
            MaxNumberOfMessagesPerSecond = Request.MaxNumberOfMessagesPerSecond,
            ApproximateNumberOfMessagesMoved = Moved,
            ApproximateNumberOfMessagesToMove = ToMove,
            FailureReason = FailureReason,
            StartedTimestamp = Started.ToUnixTimeMilliseconds(),
        };
    }
}
