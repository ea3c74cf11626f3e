namespace Fulfilment.Aws.StepFunctions.Model;

/// <summary>Request of <c>StartExecution</c>.</summary>
public sealed record StartExecutionRequest
{
    public string StateMachineArn { get; init; } = "";
    public string? Name { get; init; }
    public string? Input { get; init; }
    public string? TraceHeader { get; init; }
}

/// <summary>Response of <c>StartExecution</c>.</summary>
public sealed record StartExecutionResponse
{
    public string ExecutionArn { get; init; } = "";
    public DateTimeOffset StartDate { get; init; }
}

/// <summary>Request of <c>StartSyncExecution</c> (EXPRESS state machines).</summary>
public sealed record StartSyncExecutionRequest
{
    public string StateMachineArn { get; init; } = "";
    public string? Name { get; init; }
    public string? Input { get; init; }
}

/// <summary>Response of <c>StartSyncExecution</c>.</summary>
public sealed record StartSyncExecutionResponse
{
    public string ExecutionArn { get; init; } = "";
    public string? StateMachineArn { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset StopDate { get; init; }
    public string Status { get; init; } = "";
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
}

/// <summary>Request of <c>DescribeExecution</c>.</summary>
public sealed record DescribeExecutionRequest
{
    public string ExecutionArn { get; init; } = "";
}

/// <summary>Response of <c>DescribeExecution</c>.</summary>
public sealed record DescribeExecutionResponse
{
    public string ExecutionArn { get; init; } = "";
    public string StateMachineArn { get; init; } = "";
    public string? Name { get; init; }
    /// <summary><c>RUNNING</c>, <c>SUCCEEDED</c>, <c>FAILED</c>, <c>TIMED_OUT</c>, <c>ABORTED</c> or <c>PENDING_REDRIVE</c>.</summary>
    public string Status { get; init; } = "";
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public string? TraceHeader { get; init; }
    public int? RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
    /// <summary><c>REDRIVABLE</c>, <c>NOT_REDRIVABLE</c> or <c>REDRIVABLE_BY_MAP_RUN</c>.</summary>
    public string? RedriveStatus { get; init; }
    public string? RedriveStatusReason { get; init; }
}

/// <summary>Request of <c>ListExecutions</c>.</summary>
public sealed record ListExecutionsRequest
{
    public string? StateMachineArn { get; init; }
    public string? StatusFilter { get; init; }
    /// <summary><c>REDRIVEN</c> or <c>NOT_REDRIVEN</c>.</summary>
    public string? RedriveFilter { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>ListExecutions</c>.</summary>
public sealed record ExecutionListItem
{
    public string ExecutionArn { get; init; } = "";
    public string StateMachineArn { get; init; } = "";
    public string Name { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTimeOffset StartDate { get; init; }
    public DateTimeOffset? StopDate { get; init; }
    public int? RedriveCount { get; init; }
    public DateTimeOffset? RedriveDate { get; init; }
}

/// <summary>Response of <c>ListExecutions</c>.</summary>
public sealed record ListExecutionsResponse
{
    public IReadOnlyList<ExecutionListItem> Executions { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>Request of <c>StopExecution</c>.</summary>
public sealed record StopExecutionRequest
{
    public string ExecutionArn { get; init; } = "";
    public string? Error { get; init; }
    public string? Cause { get; init; }
}

/// <summary>Response of <c>StopExecution</c>.</summary>
public sealed record StopExecutionResponse
{
    public DateTimeOffset StopDate { get; init; }
}

/// <summary>Request of <c>RedriveExecution</c>.</summary>
public sealed record RedriveExecutionRequest
{
    public string ExecutionArn { get; init; } = "";
    public string? ClientToken { get; init; }
}

/// <summary>Response of <c>RedriveExecution</c>.</summary>
public sealed record RedriveExecutionResponse
{
    public DateTimeOffset RedriveDate { get; init; }
}
