using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Aws.EventBridge.Model;

namespace Fulfilment.Local.EventBridge.Targets;

/// <summary>Starts a Step Functions execution for a target whose ARN is a state machine; the host wires the local engine in.</summary>
public interface IStateMachineStarter
{
    /// <summary>Starts an execution of <paramref name="stateMachineArn"/> with <paramref name="input"/>.</summary>
    Task StartExecutionAsync(string stateMachineArn, string input, CancellationToken cancellationToken);
}

/// <summary>One delivery of an event's input to a target.</summary>
internal sealed record DeliveryRequest(Target Target, string Input, string EventId, string RuleArn);

/// <summary>Delivers inputs to the target kinds the local bus supports, chosen by the target ARN.</summary>
internal sealed class TargetSenders(IAmazonSQS? sqs, HttpClient http, IStateMachineStarter? stateMachines) : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _queueUrls = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _fileLock = new(1, 1);

    /// <summary>Why an ARN cannot be a target, or null when it can.</summary>
    public static string? Unsupported(string arn) =>
        arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal) || arn.StartsWith("arn:aws:states:", StringComparison.Ordinal)
        || arn.StartsWith("http://", StringComparison.Ordinal) || arn.StartsWith("https://", StringComparison.Ordinal)
        || arn.StartsWith("file://", StringComparison.Ordinal)
            ? null
            : $"Target ARN '{arn}' is not supported locally: use an SQS queue ARN, a state machine ARN, an http(s) URL or a file:// JSONL log.";

    public async Task SendAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var arn = request.Target.Arn;
        if (arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal))
        {
            await SendToQueueAsync(arn, request.Input, request.Target.SqsParameters?.MessageGroupId, request.EventId, null, cancellationToken);
        }
        else if (arn.StartsWith("arn:aws:states:", StringComparison.Ordinal))
        {
            var starter = stateMachines ?? throw new InvalidOperationException("No Step Functions engine is wired into the local bus.");
            await starter.StartExecutionAsync(arn, request.Input, cancellationToken);
        }
        else if (arn.StartsWith("file://", StringComparison.Ordinal))
        {
            await AppendLineAsync(new Uri(arn).LocalPath, request.Input, cancellationToken);
        }
        else
        {
            using var content = new StringContent(request.Input, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(arn), content, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Sends to an SQS queue by ARN; used for SQS targets and for rule dead-letter queues.</summary>
    public async Task SendToQueueAsync(
        string queueArn, string body, string? messageGroupId, string eventId, Dictionary<string, MessageAttributeValue>? attributes, CancellationToken cancellationToken)
    {
        var client = sqs ?? throw new InvalidOperationException("No SQS endpoint is configured for the local bus.");
        var name = queueArn[(queueArn.LastIndexOf(':') + 1)..];
        if (!_queueUrls.TryGetValue(queueArn, out var url))
        {
            url = (await client.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken)).QueueUrl;
            _queueUrls[queueArn] = url;
        }

        var message = new SendMessageRequest { QueueUrl = url, MessageBody = body, MessageAttributes = attributes };
        if (name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            message.MessageGroupId = messageGroupId ?? "default";
            message.MessageDeduplicationId = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(eventId + queueArn)))[..64];
        }

        await client.SendMessageAsync(message, cancellationToken);
    }

    public void Dispose() => _fileLock.Dispose();

    private async Task AppendLineAsync(string path, string input, CancellationToken cancellationToken)
    {
        var line = input.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal) + "\n";
        await _fileLock.WaitAsync(cancellationToken);
        try
        {
            var directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            _fileLock.Release();
        }
    }
}
