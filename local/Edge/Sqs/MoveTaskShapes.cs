using System.Text.Json.Serialization;

namespace Fulfilment.Local.Edge.Sqs;

/// <summary>Request of SQS <c>StartMessageMoveTask</c>.</summary>
public sealed record StartMessageMoveTaskRequest
{
    public string SourceArn { get; init; } = "";
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
}

/// <summary>Response of SQS <c>StartMessageMoveTask</c>.</summary>
public sealed record StartMessageMoveTaskResponse
{
    public string TaskHandle { get; init; } = "";
}

/// <summary>Request of SQS <c>ListMessageMoveTasks</c>.</summary>
public sealed record ListMessageMoveTasksRequest
{
    public string SourceArn { get; init; } = "";
    public int? MaxResults { get; init; }
}

/// <summary>One task of SQS <c>ListMessageMoveTasks</c>.</summary>
public sealed record ListMessageMoveTasksResultEntry
{
    public string? TaskHandle { get; init; }
    /// <summary><c>RUNNING</c>, <c>COMPLETED</c>, <c>CANCELLING</c>, <c>CANCELLED</c> or <c>FAILED</c>.</summary>
    public string Status { get; init; } = "";
    public string SourceArn { get; init; } = "";
    public string? DestinationArn { get; init; }
    public int? MaxNumberOfMessagesPerSecond { get; init; }
    public long ApproximateNumberOfMessagesMoved { get; init; }
    public long? ApproximateNumberOfMessagesToMove { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>Epoch milliseconds.</summary>
    public long StartedTimestamp { get; init; }
}

/// <summary>Response of SQS <c>ListMessageMoveTasks</c>.</summary>
public sealed record ListMessageMoveTasksResponse
{
    public IReadOnlyList<ListMessageMoveTasksResultEntry> Results { get; init; } = [];
}

/// <summary>Request of SQS <c>CancelMessageMoveTask</c>.</summary>
public sealed record CancelMessageMoveTaskRequest
{
    public string TaskHandle { get; init; } = "";
}

/// <summary>Response of SQS <c>CancelMessageMoveTask</c>.</summary>
public sealed record CancelMessageMoveTaskResponse
{
    public long ApproximateNumberOfMessagesMoved { get; init; }
}

/// <summary>Request of SQS <c>ListDeadLetterSourceQueues</c>.</summary>
public sealed record ListDeadLetterSourceQueuesRequest
{
    public string QueueUrl { get; init; } = "";
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

/// <summary>Response of SQS <c>ListDeadLetterSourceQueues</c> (the member is lower-case <c>queueUrls</c> on the wire).</summary>
public sealed record ListDeadLetterSourceQueuesResponse
{
    [JsonPropertyName("queueUrls")]
    public IReadOnlyList<string> QueueUrls { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>Source-generated JSON for the SQS operations the edge implements itself.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(StartMessageMoveTaskRequest))]
[JsonSerializable(typeof(StartMessageMoveTaskResponse))]
[JsonSerializable(typeof(ListMessageMoveTasksRequest))]
[JsonSerializable(typeof(ListMessageMoveTasksResponse))]
[JsonSerializable(typeof(CancelMessageMoveTaskRequest))]
[JsonSerializable(typeof(CancelMessageMoveTaskResponse))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesRequest))]
[JsonSerializable(typeof(ListDeadLetterSourceQueuesResponse))]
internal sealed partial class SqsMoveJsonContext : JsonSerializerContext;
