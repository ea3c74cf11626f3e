namespace Fulfilment.Ops.Executions;

/// <summary>One execution as `executions list` shows it; error, cause and failing state only for executions that did not succeed.</summary>
public sealed record ExecutionSummary(
    string Name,
    string ExecutionArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Error,
    string? Cause,
    string? FailedState,
    int RedriveCount,
    string? RedriveStatus,
    string? RedriveStatusReason);

/// <summary>One history event on the `executions show` timeline.</summary>
public sealed record TimelineEntry(long Id, DateTimeOffset Timestamp, double OffsetSeconds, string Type, string? State, string? Error, string? Cause, bool IsFailure);

/// <summary>`executions show`: the execution and its history.</summary>
public sealed record ExecutionDetail(ExecutionSummary Execution, string? Input, string? Output, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>What happened to one execution in `executions redrive`.</summary>
public sealed record RedriveOutcome(
    string Name,
    string ExecutionArn,
    string StatusBefore,
    string? Error,
    RedriveResult Result,
    string? Detail,
    string? FinalStatus);

/// <summary>The result of redriving one execution.</summary>
public enum RedriveResult
{
    /// <summary><c>--dry-run</c>: it would be redriven.</summary>
    WouldRedrive,

    /// <summary>RedriveExecution accepted it (and, with <c>--wait</c>, it ended well).</summary>
    Redriven,

    /// <summary>Step Functions refuses to redrive it (running, succeeded, too old, ...).</summary>
    NotRedrivable,

    /// <summary>The call failed, or with <c>--wait</c> the execution ended FAILED/TIMED_OUT/ABORTED again or did not end in time.</summary>
    Failed,
}

/// <summary>What happened to one execution in `executions stop`.</summary>
public sealed record StopOutcome(string Name, string ExecutionArn, bool Stopped, string Detail);
