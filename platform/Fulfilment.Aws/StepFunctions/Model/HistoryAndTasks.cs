using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Aws.StepFunctions.Model;

/// <summary>Request of <c>GetExecutionHistory</c>.</summary>
public sealed record GetExecutionHistoryRequest
{
    public string ExecutionArn { get; init; } = "";
    public int? MaxResults { get; init; }
    public bool? ReverseOrder { get; init; }
    public string? NextToken { get; init; }
    public bool? IncludeExecutionData { get; init; }
}

/// <summary>Response of <c>GetExecutionHistory</c>.</summary>
public sealed record GetExecutionHistoryResponse
{
    public IReadOnlyList<HistoryEvent> Events { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>One history event; the common detail shapes are typed, every other <c>...EventDetails</c> is kept as raw JSON.</summary>
public sealed record HistoryEvent
{
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>AWS event name, e.g. <c>ExecutionStarted</c>, <c>TaskStateEntered</c>, <c>ExecutionFailed</c>.</summary>
    public string Type { get; init; } = "";
    public long Id { get; init; }
    public long PreviousEventId { get; init; }
    public ExecutionStartedEventDetails? ExecutionStartedEventDetails { get; init; }
    public ExecutionSucceededEventDetails? ExecutionSucceededEventDetails { get; init; }
    public ErrorEventDetails? ExecutionFailedEventDetails { get; init; }
    public ErrorEventDetails? ExecutionAbortedEventDetails { get; init; }
    public StateEnteredEventDetails? StateEnteredEventDetails { get; init; }
    public StateExitedEventDetails? StateExitedEventDetails { get; init; }

    /// <summary>Every other <c>...EventDetails</c> member, by its AWS name.</summary>
    [JsonExtensionData]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2227", Justification = "System.Text.Json binds extension data through a setter; init-only would make it a constructor parameter, which it rejects.")]
    public Dictionary<string, JsonElement>? OtherDetails { get; set; }
}

/// <summary>Details of <c>ExecutionStarted</c>.</summary>
public sealed record ExecutionStartedEventDetails
{
    public string? Input { get; init; }
    public string? RoleArn { get; init; }
}

/// <summary>Details of <c>ExecutionSucceeded</c>.</summary>
public sealed record ExecutionSucceededEventDetails
{
    public string? Output { get; init; }
}

/// <summary>Details with an error name and cause (<c>ExecutionFailed</c>, <c>ExecutionAborted</c>, ...).</summary>
public sealed record ErrorEventDetails
{
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

/// <summary>Details of <c>*StateEntered</c>.</summary>
public sealed record StateEnteredEventDetails
{
    public string Name { get; init; } = "";
    public string? Input { get; init; }
}

/// <summary>Details of <c>*StateExited</c>.</summary>
public sealed record StateExitedEventDetails
{
    public string Name { get; init; } = "";
    public string? Output { get; init; }
}

/// <summary>Request of <c>SendTaskSuccess</c>.</summary>
public sealed record SendTaskSuccessRequest
{
    public string TaskToken { get; init; } = "";
    public string Output { get; init; } = "{}";
}

/// <summary>Request of <c>SendTaskFailure</c>.</summary>
public sealed record SendTaskFailureRequest
{
    public string TaskToken { get; init; } = "";
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

/// <summary>Request of <c>SendTaskHeartbeat</c>.</summary>
public sealed record SendTaskHeartbeatRequest
{
    public string TaskToken { get; init; } = "";
}

/// <summary>Empty response of the <c>SendTask*</c> operations.</summary>
public sealed record SendTaskResponse;
