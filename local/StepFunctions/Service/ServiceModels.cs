using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>Execution statuses, spelled as the Step Functions API spells them.</summary>
public static class ExecutionStatus
{
    /// <summary>Running (or resuming after a restart).</summary>
    public const string Running = "RUNNING";

    /// <summary>Completed successfully.</summary>
    public const string Succeeded = "SUCCEEDED";

    /// <summary>Failed with an error.</summary>
    public const string Failed = "FAILED";

    /// <summary>Exceeded the state machine's TimeoutSeconds.</summary>
    public const string TimedOut = "TIMED_OUT";

    /// <summary>Stopped by StopExecution.</summary>
    public const string Aborted = "ABORTED";

    /// <summary>Every status, for validating filters.</summary>
    public static IReadOnlyList<string> All { get; } = [Running, Succeeded, Failed, TimedOut, Aborted, "PENDING_REDRIVE"];
}

/// <summary>A state machine as DescribeStateMachine returns it.</summary>
public sealed record StateMachineDescription(
    string StateMachineArn,
    string Name,
    string Status,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    string RevisionId);

/// <summary>One row of ListStateMachines.</summary>
public sealed record StateMachineListItem(string StateMachineArn, string Name, string Type, DateTimeOffset CreationDate);

/// <summary>What StartExecution returns.</summary>
public sealed record StartExecutionResult(string ExecutionArn, DateTimeOffset StartDate);

/// <summary>An execution as DescribeExecution returns it (redriveStatus: REDRIVABLE or NOT_REDRIVABLE).</summary>
public sealed record ExecutionDescription(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    string Input,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    int RedriveCount,
    DateTimeOffset? RedriveDate,
    string RedriveStatus,
    string? RedriveStatusReason);

/// <summary>One row of ListExecutions.</summary>
public sealed record ExecutionListItem(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    int RedriveCount,
    DateTimeOffset? RedriveDate);

/// <summary>A page of results and the token for the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>Where the service lives, for ARNs.</summary>
public sealed record ExecutionServiceOptions
{
    /// <summary>The region in ARNs and task events.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in ARNs.</summary>
    public string AccountId { get; init; } = "000000000000";

    /// <summary>How long failed executions stay redrivable (AWS: 14 days).</summary>
    public TimeSpan RedriveWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Default page size of List* and GetExecutionHistory (AWS: 100 for lists, 100 for history here as well).</summary>
    public int DefaultPageSize { get; init; } = 100;

    /// <summary>
    /// True (the default): the engine takes its byte-level shortcuts wherever they give exactly the JSON the node pipeline
    /// gives (outputs spliced from their input's bytes, Lambda payloads passed as bytes, input text used as it is). False
    /// runs every state through the node pipeline: the tests run both and require the same results.
    /// </summary>
    public bool FastPaths { get; init; } = true;
}

/// <summary>The output of SendTaskSuccess as the engine receives it.</summary>
public sealed record TaskSuccess(string TaskToken, JsonNode? Output);
