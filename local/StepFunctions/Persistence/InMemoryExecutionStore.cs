using Fulfilment.Local.StepFunctions.Execution;

namespace Fulfilment.Local.StepFunctions.Persistence;

/// <summary>
/// Keeps everything in memory (<c>--in-memory</c>, tests, benchmarks). A history is the list of the recorders of the
/// execution's runs (start, redrives): the store keeps the recorder itself, so events are readable as soon as the run
/// records them and no event object exists until GetExecutionHistory asks.
/// </summary>
public sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StateMachineRecord> machines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecutionRecord> executions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HistoryRecorder>> histories = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task PutStateMachineAsync(StateMachineRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            machines[record.StateMachineArn] = record;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StateMachineRecord?> GetStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(machines.GetValueOrDefault(stateMachineArn));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<StateMachineRecord>>([.. machines.Values.OrderBy(m => m.Name, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            machines.Remove(stateMachineArn);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PutExecutionAsync(ExecutionRecord record, HistorySlice newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(newEvents);
        lock (gate)
        {
            executions[record.ExecutionArn] = record;
            Append(record.ExecutionArn, newEvents);
        }

        return Task.CompletedTask;
    }

    private void Append(string executionArn, HistorySlice newEvents)
    {
        if (!histories.TryGetValue(executionArn, out var list))
        {
            histories[executionArn] = list = new List<HistoryRecorder>(1);
        }

        if (list.Count == 0 || !ReferenceEquals(list[^1], newEvents.Recorder))
        {
            list.Add(newEvents.Recorder);
        }
    }

    /// <inheritdoc />
    public bool IsDurable => false;

    /// <inheritdoc />
    public Task CheckpointAsync(string executionArn, ExecutionCheckpoint? checkpoint, long lastEventId, HistorySlice newEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newEvents);
        lock (gate)
        {
            if (executions.TryGetValue(executionArn, out var record))
            {
                executions[executionArn] = checkpoint is null
                    ? record with { LastEventId = lastEventId }
                    : record with { LastEventId = lastEventId, CheckpointState = checkpoint.State, CheckpointInput = checkpoint.Input, CheckpointUnits = checkpoint.Units };
            }

            Append(executionArn, newEvents);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(executions.GetValueOrDefault(executionArn));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<ExecutionRecord>>([.. executions.Values
                .Where(e => (stateMachineArn is null || e.StateMachineArn == stateMachineArn) && (status is null || e.Status == status))
                .OrderByDescending(e => e.StartDate)
                .ThenBy(e => e.Name, StringComparer.Ordinal)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken)
    {
        HistoryRecorder[] recorders;
        lock (gate)
        {
            recorders = histories.TryGetValue(executionArn, out var list) ? [.. list] : [];
        }

        return Task.FromResult<IReadOnlyList<HistoryEvent>>(recorders.Length == 1 ? recorders[0].Materialize() : [.. recorders.SelectMany(r => r.Materialize())]);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
