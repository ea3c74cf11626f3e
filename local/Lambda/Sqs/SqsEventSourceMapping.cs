using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;

namespace Fulfilment.Local.Lambda.Sqs;

/// <summary>
/// The SQS → Lambda event source mapping: pollers long-poll the queue, invoke the function with an <see cref="SQSEvent"/>
/// batch and delete what succeeded (all of it, or all but the <c>batchItemFailures</c>); failed messages reappear after the
/// visibility timeout and the queue's RedrivePolicy moves them to its DLQ. Disposing finishes the in-flight batches first.
/// </summary>
public sealed class SqsEventSourceMapping : IAsyncDisposable
{
    private readonly IAmazonSQS _sqs;
    private readonly bool _ownsClient;
    private readonly Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> _invoke;
    private readonly SqsEventSourceMappingOptions _options;
    private readonly CancellationTokenSource _stop = new();

    // Messages whose last delivery failed, by message id, until a later delivery succeeds, with when they show again.
    private readonly ConcurrentDictionary<string, (Message Message, DateTimeOffset HiddenUntil)> _failed = new(StringComparer.Ordinal);
    private readonly TimeSpan _visibility;
    private IReadOnlyCollection<Message>? _hiddenAtStop;
    private Task _pollers = Task.CompletedTask;
    private long _batches;
    private long _deleted;
    private int _disposed;

    private SqsEventSourceMapping(IAmazonSQS sqs, bool ownsClient, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> invoke, SqsEventSourceMappingOptions options, string queueArn, TimeSpan visibility)
    {
        _visibility = visibility;
        _sqs = sqs;
        _ownsClient = ownsClient;
        _invoke = invoke;
        _options = options;
        QueueArn = queueArn;
    }

    /// <summary>The queue's ARN (the records' <c>eventSourceARN</c>).</summary>
    public string QueueArn { get; }

    /// <summary>Batches the function has been invoked with so far.</summary>
    public long BatchesInvoked => Interlocked.Read(ref _batches);

    /// <summary>Messages deleted after a successful invocation so far.</summary>
    public long MessagesDeleted => Interlocked.Read(ref _deleted);

    /// <summary>
    /// The messages whose last delivery failed and that are still hidden by its visibility timeout (each as last received,
    /// with its <c>ApproximateReceiveCount</c>); after <see cref="DisposeAsync"/>, the ones hidden when the pollers stopped.
    /// This is what the local stack keeps across a stop besides what it can receive: a hidden message cannot be received,
    /// and the SQS emulator forgets it. One whose timeout has passed is left out: it is visible again, delivered again, or
    /// moved to the DLQ by the RedrivePolicy.
    /// </summary>
    public IReadOnlyCollection<Message> HiddenFailedMessages => _hiddenAtStop ?? HiddenNow();

    /// <summary>Starts polling with an SQS client for <paramref name="sqsEndpoint"/> (e.g. fauxqs or the local edge) and invoking through <paramref name="lambda"/>.</summary>
    public static Task<SqsEventSourceMapping> StartAsync(Uri sqsEndpoint, LocalLambdaService lambda, SqsEventSourceMappingOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sqsEndpoint);
        ArgumentNullException.ThrowIfNull(lambda);
        var client = new AmazonSQSClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonSQSConfig { ServiceURL = sqsEndpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 2 });
        return StartAsync(client, ownsClient: true, lambda.InvokeAsync, options, ct);
    }

    /// <summary>Starts polling with <paramref name="sqs"/> (not disposed by the mapping) and invoking through <paramref name="invoke"/> (function name, payload).</summary>
    public static Task<SqsEventSourceMapping> StartAsync(IAmazonSQS sqs, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> invoke, SqsEventSourceMappingOptions options, CancellationToken ct = default) =>
        StartAsync(sqs, ownsClient: false, invoke, options, ct);

    /// <summary>Stops polling (interrupting long polls), lets every in-flight batch finish its invocation and deletes, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _pollers;

        // Taken now, not when asked: a receive the emulator still holds open for a cancelled long poll can take a message
        // whose timeout passes later, and hide it again where no one can receive it before the emulator stops.
        _hiddenAtStop = HiddenNow();
        _stop.Dispose();
        if (_ownsClient)
        {
            _sqs.Dispose();
        }
    }

    private static async Task<SqsEventSourceMapping> StartAsync(IAmazonSQS sqs, bool ownsClient, Func<string, ReadOnlyMemory<byte>, CancellationToken, Task<LambdaInvocationResult>> invoke, SqsEventSourceMappingOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentNullException.ThrowIfNull(invoke);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string queueArn;
        TimeSpan visibility;
        try
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = options.QueueUrl, AttributeNames = ["QueueArn", "VisibilityTimeout"] }, ct);
            queueArn = attributes.QueueARN ?? throw new InvalidOperationException($"Queue {options.QueueUrl} reported no QueueArn.");
            visibility = TimeSpan.FromSeconds(options.VisibilityTimeoutSeconds ?? (attributes.VisibilityTimeout > 0 ? attributes.VisibilityTimeout : 30));
        }
        catch
        {
            if (ownsClient)
            {
                sqs.Dispose();
            }

            throw;
        }

        var mapping = new SqsEventSourceMapping(sqs, ownsClient, invoke, options, queueArn, visibility);
        mapping._pollers = Task.WhenAll(Enumerable.Range(0, options.Pollers).Select(i => Task.Run(() => mapping.PollAsync(i))));
        mapping.Log($"polling {options.QueueUrl} for {options.FunctionName} with {options.Pollers} pollers, batch size {options.BatchSize}");
        return mapping;
    }

    private async Task PollAsync(int poller)
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            List<Message> batch;
            try
            {
                batch = await ReceiveBatchAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException)
            {
                Log($"poller {poller}: receive failed ({ex.GetType().Name}: {ex.Message}); retrying in {_options.ErrorBackoff.TotalSeconds:0.#} s");
                try
                {
                    await Task.Delay(_options.ErrorBackoff, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (batch.Count > 0)
            {
                // Never cancelled by stop: a batch that was received is invoked and settled before the mapping stops.
                await ProcessAsync(poller, batch);
            }
        }
    }

    /// <summary>One receive, plus more while the batching window is open and the batch is not full.</summary>
    private async Task<List<Message>> ReceiveBatchAsync(CancellationToken stop)
    {
        var batch = new List<Message>();
        var windowEnds = DateTimeOffset.MaxValue;
        while (batch.Count < _options.BatchSize)
        {
            var wait = _options.WaitTimeSeconds;
            if (batch.Count > 0)
            {
                var left = windowEnds - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                wait = Math.Clamp((int)Math.Ceiling(left.TotalSeconds), 1, 20);
            }

            var request = new ReceiveMessageRequest
            {
                QueueUrl = _options.QueueUrl,
                MaxNumberOfMessages = Math.Min(10, _options.BatchSize - batch.Count),
                WaitTimeSeconds = wait,
                VisibilityTimeout = _options.VisibilityTimeoutSeconds,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            };
            ReceiveMessageResponse response;
            try
            {
                response = await _sqs.ReceiveMessageAsync(request, stop);
            }
            catch (OperationCanceledException) when (batch.Count > 0)
            {
                break; // stopping: settle what we already hold rather than leave it invisible
            }

            batch.AddRange(response.Messages ?? []);
            if (batch.Count > 0 && windowEnds == DateTimeOffset.MaxValue)
            {
                if (_options.MaximumBatchingWindow <= TimeSpan.Zero)
                {
                    break;
                }

                windowEnds = DateTimeOffset.UtcNow + _options.MaximumBatchingWindow;
            }
        }

        return batch;
    }

    private async Task ProcessAsync(int poller, List<Message> batch)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(SqsEventBuilder.Build(batch, QueueArn, SqsEventBuilder.RegionOf(QueueArn)), LambdaEventsJsonContext.Default.SQSEvent);
        Interlocked.Increment(ref _batches);
        LambdaInvocationResult result;
        try
        {
            result = await _invoke(_options.FunctionName, payload, CancellationToken.None);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            Log($"poller {poller}: the function service stopped during a batch of {batch.Count}; the messages reappear after the visibility timeout");
            RememberFailed(batch);
            return;
        }

        if (result.Error is { } error)
        {
            Log($"poller {poller}: {_options.FunctionName} failed a batch of {batch.Count} ({error.ErrorType}: {error.ErrorMessage}); none deleted");
            RememberFailed(batch);
            return;
        }

        var keep = _options.ReportBatchItemFailures ? BatchItemFailures.Parse(result.Response, batch) : [];
        if (keep is null)
        {
            Log($"poller {poller}: {_options.FunctionName} returned an invalid batch response; the whole batch of {batch.Count} is retried");
            RememberFailed(batch);
            return;
        }

        var done = batch.Where(m => !keep.Contains(m.MessageId)).ToList();
        foreach (var message in done)
        {
            _failed.TryRemove(message.MessageId, out _);
        }

        RememberFailed(batch.Where(m => keep.Contains(m.MessageId)));
        await DeleteAsync(poller, done);
        if (keep.Count > 0)
        {
            Log($"poller {poller}: {keep.Count} of {batch.Count} messages reported failed; they reappear after the visibility timeout");
        }
    }

    private List<Message> HiddenNow()
    {
        var now = DateTimeOffset.UtcNow;
        return [.. _failed.Values.Where(f => f.HiddenUntil > now).Select(f => f.Message)];
    }

    private void RememberFailed(IEnumerable<Message> messages)
    {
        // Counted from now, a little after the receive: a message may be left out a moment late, never too early.
        var hiddenUntil = DateTimeOffset.UtcNow + _visibility;
        foreach (var message in messages)
        {
            _failed[message.MessageId] = (message, hiddenUntil);
        }
    }

    private async Task DeleteAsync(int poller, List<Message> messages)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ReceiptHandle = m.ReceiptHandle }).ToList();
            try
            {
                var response = await _sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = _options.QueueUrl, Entries = entries }, CancellationToken.None);
                Interlocked.Add(ref _deleted, response.Successful?.Count ?? 0);
                foreach (var failed in response.Failed ?? [])
                {
                    Log($"poller {poller}: delete of entry {failed.Id} failed ({failed.Code}: {failed.Message}); the message will be delivered again");
                }
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or IOException)
            {
                // At-least-once: an undeleted success is delivered again, and every handler is idempotent (DESIGN section 4).
                Log($"poller {poller}: delete failed ({ex.GetType().Name}: {ex.Message}); {chunk.Length} messages will be delivered again");
            }
        }
    }

    private void Log(string line)
    {
        try
        {
            _options.Log?.Invoke($"[sqs-esm {_options.FunctionName}] {line}");
        }
#pragma warning disable CA1031 // A faulty log sink must not stop the pollers.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
