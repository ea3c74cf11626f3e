using Fulfilment.Local.StepFunctions.Execution;

namespace Fulfilment.Local.StepFunctions.Persistence;

/// <summary>A stored state machine.</summary>
public sealed record StateMachineRecord(
    string StateMachineArn,
    string Name,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    DateTimeOffset UpdateDate,
    string RevisionId);

/// <summary>
/// A stored execution with its durable checkpoint: the top-level state it was about to run (or running) and that
/// state's input. A restart resumes there; a redrive restarts there.
/// </summary>
public sealed record ExecutionRecord(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Definition,
    string RoleArn,
    string Status,
    string Input,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    int RedriveCount,
    DateTimeOffset? RedriveDate,
    string? CheckpointState,
    string? CheckpointInput,
    long LastEventId)
{
    /// <summary>
    /// When the execution stopped inside a Parallel or Map state: its branches/iterations by index, at every depth, each with
    /// its output when it succeeded or else the state it stopped in and that state's input. A redrive reuses the succeeded ones
    /// and resumes the others where they stopped.
    /// </summary>
    public string? CheckpointUnits { get; init; }
}

/// <summary>Where a running execution is: the top-level state it is about to run and that state's input text.</summary>
public sealed record ExecutionCheckpoint(string State, string Input)
{
    /// <summary>The units a redrive of <see cref="State"/> still has to reuse (<see cref="ExecutionRecord.CheckpointUnits"/>), else null.</summary>
    public string? Units { get; init; }
}

/// <summary>Where state machines, executions and their histories live: SQLite under the data directory, or memory.</summary>
public interface IExecutionStore : IAsyncDisposable
{
    /// <summary>Inserts or replaces a state machine.</summary>
    Task PutStateMachineAsync(StateMachineRecord record, CancellationToken cancellationToken);

    /// <summary>The state machine, or null.</summary>
    Task<StateMachineRecord?> GetStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken);

    /// <summary>Every state machine, by name.</summary>
    Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync(CancellationToken cancellationToken);

    /// <summary>Removes a state machine (executions stay readable).</summary>
    Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces an execution and appends its new history events, atomically.</summary>
    Task PutExecutionAsync(ExecutionRecord record, HistorySlice newEvents, CancellationToken cancellationToken);

    /// <summary>True when the store survives a restart: the engine then checkpoints every top-level transition.</summary>
    bool IsDurable { get; }

    /// <summary>
    /// Appends new history events of a running execution and, when <paramref name="checkpoint"/> is given, moves its checkpoint,
    /// atomically; the cheap per-transition write (the execution's other fields do not change while it runs).
    /// </summary>
    Task CheckpointAsync(string executionArn, ExecutionCheckpoint? checkpoint, long lastEventId, HistorySlice newEvents, CancellationToken cancellationToken);

    /// <summary>The execution, or null.</summary>
    Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken);

    /// <summary>Executions, newest first, optionally of one state machine and/or one status.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken);

    /// <summary>The history of an execution, oldest first.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken);
}
