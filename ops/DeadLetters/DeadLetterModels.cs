namespace Fulfilment.Ops.DeadLetters;

/// <summary>One message on the dead-letter queue, as `dlq show` lists it.</summary>
public sealed record DeadLetterMessage(
    string MessageId,
    string Body,
    int ApproximateReceiveCount,
    DateTimeOffset? SentAt,
    DateTimeOffset? FirstReceivedAt,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> MessageAttributes);

/// <summary>`dlq show`: the queue, how many messages it holds, and the ones looked at.</summary>
public sealed record DeadLetterPeek(string QueueUrl, int ApproximateNumberOfMessages, IReadOnlyList<DeadLetterMessage> Messages);

/// <summary>How `dlq redrive` moves messages.</summary>
public enum RedriveMethod
{
    /// <summary>StartMessageMoveTask when the endpoint supports it, otherwise receive-send-delete.</summary>
    Auto,

    /// <summary>Only StartMessageMoveTask.</summary>
    MoveTask,

    /// <summary>Only receive-send-delete (each original deleted only after its copy was sent).</summary>
    Copy,
}

/// <summary>`dlq redrive`: what was (or would be) moved where, and how.</summary>
public sealed record DeadLetterRedriveResult(
    string SourceQueueUrl,
    string? DestinationQueueUrl,
    string Method,
    bool DryRun,
    int ApproximateNumberOfMessages,
    long Moved,
    long Failed,
    string Status,
    string? Detail);
