using System.Collections.Concurrent;
using System.Threading.Channels;
using Amazon.SQS.Model;
using Fulfilment.Local.EventBridge.Targets;

namespace Fulfilment.Local.EventBridge.Delivery;

/// <summary>A delivery that failed for good (no DLQ, or the DLQ failed too).</summary>
public sealed record DeliveryFailure(string RuleArn, string TargetId, string EventId, string Error, DateTimeOffset At);

/// <summary>
/// At-least-once delivery to targets: a background queue with retries and exponential backoff; after the last attempt
/// the input goes to the target's dead-letter queue (with the AWS error attributes) if one is set.
/// </summary>
internal sealed class EventDelivery : IAsyncDisposable
{
    private readonly Channel<(DeliveryRequest Request, int Attempt)> _queue = Channel.CreateUnbounded<(DeliveryRequest, int)>();
    private readonly TargetSenders _senders;
    private readonly LocalEventBridgeOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private readonly ConcurrentQueue<DeliveryFailure> _failures = new();
    private int _inFlight;

    public EventDelivery(TargetSenders senders, LocalEventBridgeOptions options)
    {
        _senders = senders;
        _options = options;
        _workers = Enumerable.Range(0, Math.Max(1, options.DeliveryConcurrency)).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    public IReadOnlyCollection<DeliveryFailure> Failures => _failures;

    public int Pending => Volatile.Read(ref _inFlight);

    public void Enqueue(DeliveryRequest request)
    {
        Interlocked.Increment(ref _inFlight);
        _queue.Writer.TryWrite((request, 1));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_workers);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task WorkAsync()
    {
        var token = _stopping.Token;
        while (await _queue.Reader.WaitToReadAsync(token))
        {
            while (_queue.Reader.TryRead(out var job))
            {
                await DeliverAsync(job.Request, job.Attempt, token);
            }
        }
    }

    private async Task DeliverAsync(DeliveryRequest request, int attempt, CancellationToken token)
    {
        try
        {
            await _senders.SendAsync(request, token);
            Interlocked.Decrement(ref _inFlight);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
        {
            var maxAttempts = 1 + (request.Target.RetryPolicy?.MaximumRetryAttempts ?? _options.DefaultMaximumRetryAttempts);
            if (attempt < maxAttempts)
            {
                _ = RetryLaterAsync(request, attempt + 1, token);
                return;
            }

            await DeadLetterAsync(request, ex, token);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RetryLaterAsync(DeliveryRequest request, int attempt, CancellationToken token)
    {
        var delay = _options.RetryBaseDelay * Math.Pow(2, attempt - 2);
        try
        {
            await Task.Delay(delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay, token);
            _queue.Writer.TryWrite((request, attempt));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DeadLetterAsync(DeliveryRequest request, Exception error, CancellationToken token)
    {
        var dlq = request.Target.DeadLetterConfig?.Arn;
        if (dlq is null)
        {
            _failures.Enqueue(new DeliveryFailure(request.RuleArn, request.Target.Id, request.EventId, error.Message, DateTimeOffset.UtcNow));
            return;
        }

        // The attributes AWS sets on messages it dead-letters, so consumers of the DLQ can tell why.
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["RULE_ARN"] = new() { DataType = "String", StringValue = request.RuleArn },
            ["TARGET_ARN"] = new() { DataType = "String", StringValue = request.Target.Arn },
            ["ERROR_CODE"] = new() { DataType = "String", StringValue = "SDK_CLIENT_ERROR" },
            ["ERROR_MESSAGE"] = new() { DataType = "String", StringValue = Truncate(error.Message) },
        };
        try
        {
            await _senders.SendToQueueAsync(dlq, request.Input, null, request.EventId, attributes, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failures.Enqueue(new DeliveryFailure(request.RuleArn, request.Target.Id, request.EventId, $"{error.Message}; DLQ failed too: {ex.Message}", DateTimeOffset.UtcNow));
        }
    }

    private static string Truncate(string text) => text.Length > 256 ? text[..256] : text;
}
