using System.Text;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Persistence;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// One run of an execution (its start, a redrive or a resume after a restart): its root unit restored from the record's
/// checkpoint, the interpreter over its definition, and the record it ends with.
/// </summary>
internal sealed class ExecutionRunner(IExecutionStore store, Interpreter interpreter, IEngineClock clock, ExecutionServiceOptions options)
{
    /// <summary>The final record to store, or null when the run was interrupted (shutdown) and stays RUNNING at its checkpoint.</summary>
    public async Task<ExecutionRecord?> RunAsync(ExecutionRecord record, HistoryRecorder history, CompiledMachine machine, RunningExecution running)
    {
        using var persistGate = new SemaphoreSlim(1, 1);
        var block = machine.Block;
        var (root, input) = Restore(record, block, history);
        var run = NewRun(record, history, persistGate);
        ExecutionRecord ended;
        try
        {
            var work = interpreter.RunAsync(block, root.State!, input, root, run, running.Token);
            var output = await WithExecutionTimeoutAsync(work, block.TimeoutSeconds, running);
            var payload = output.Write(history);
            history.Add(EventHead.ExecutionSucceeded, history.LastId, payload);
            ended = record with { Status = ExecutionStatus.Succeeded, Output = history.GetString(payload), StopDate = clock.UtcNow };
        }
        catch (StatesException e) when (e.Error == StatesErrors.Timeout && running.ExecutionTimedOut)
        {
            ended = Stopped(record, history, Ending.TimedOut, e.Error, e.Cause);
        }
        catch (StatesException e)
        {
            ended = Stopped(record, history, Ending.Failed, e.Error.Length == 0 ? null : e.Error, e.Cause);
        }
        catch (OperationCanceledException) when (running.StopRequested)
        {
            ended = Stopped(record, history, Ending.Aborted, running.StopError, running.StopCause);
        }
        catch (OperationCanceledException)
        {
            // The service is shutting down (or the process is "crashing" in a test): leave the execution RUNNING at its checkpoint.
            return null;
        }

        return Finish(ended, record, history, machine, root);
    }

    /// <summary>
    /// The root unit at the record's checkpoint: the state to run and its input and, after a stop inside a Parallel or Map,
    /// the units that stopped run left there. Input text that is exactly what the serializer writes goes into the history
    /// as it is (fast paths on): no node unless a state needs one.
    /// </summary>
    private (Unit Root, StateValue Input) Restore(ExecutionRecord record, StatesBlock block, HistoryRecorder history)
    {
        var text = Encoding.UTF8.GetBytes(record.CheckpointInput ?? record.Input);
        var input = options.FastPaths && Utf8Json.IsCanonical(text) ? StateValue.Written(history, history.Write(text)) : StateValue.Of(JsonValues.Parse(text));
        var restored = record.CheckpointState is null ? null : UnitCheckpoint.Restore(record.CheckpointUnits, history);
        return (Unit.Root(record.CheckpointState ?? block.StartAt, input.Write(history), restored, history.LastId), input);
    }

    private Run NewRun(ExecutionRecord record, HistoryRecorder history, SemaphoreSlim persistGate)
    {
        // Map iterations and Parallel branches flush concurrently: one writer at a time keeps the stored record consistent.
        // Only a durable store is written while the run goes on: the in-memory store holds the recorder itself.
        async Task PersistAsync(ExecutionCheckpoint? checkpoint, CancellationToken token)
        {
            await persistGate.WaitAsync(token);
            try
            {
                await store.CheckpointAsync(record.ExecutionArn, checkpoint, history.LastId, history.TakeSlice(), token);
            }
            finally
            {
                persistGate.Release();
            }
        }

        return new Run
        {
            ExecutionArn = record.ExecutionArn,
            ExecutionName = record.Name,
            StateMachineArn = record.StateMachineArn,
            StateMachineName = record.StateMachineArn[(record.StateMachineArn.LastIndexOf(':') + 1)..],
            RoleArn = record.RoleArn,
            ExecutionInput = record.Input,
            StartTime = record.StartDate,
            RedriveCount = record.RedriveCount,
            History = history,
            FastPaths = options.FastPaths,
            Checkpoint = store.IsDurable ? (root, token) => PersistAsync(Checkpoint(root, history), token) : null,
            Flush = store.IsDurable ? token => PersistAsync(null, token) : null,
        };
    }

    /// <summary>The root unit's progress as the store keeps it: where a restart resumes and a redrive restarts.</summary>
    private static ExecutionCheckpoint Checkpoint(Unit root, HistoryRecorder history) =>
        new(root.State!, history.GetString(root.Input)) { Units = UnitCheckpoint.Serialize(root.Children, history) };

    private ExecutionRecord Stopped(ExecutionRecord record, HistoryRecorder history, Ending ending, string? error, string? cause)
    {
        history.Add(ending.EventType, history.LastId, ending.DetailsName, Details.ErrorCause(error, cause));
        return record with { Status = ending.Status, Error = error, Cause = cause, StopDate = clock.UtcNow };
    }

    private ExecutionRecord Finish(ExecutionRecord ended, ExecutionRecord record, HistoryRecorder history, CompiledMachine machine, Unit root)
    {
        var succeeded = ended.Status == ExecutionStatus.Succeeded;
        var checkpoint = succeeded ? null : Checkpoint(root, history);
        if (succeeded && record.RedriveCount == 0)
        {
            machine.HistoryHint = history.Size;
        }

        if (!store.IsDurable)
        {
            history.Trim();
        }

        return ended with
        {
            LastEventId = history.LastId,
            CheckpointState = checkpoint?.State,
            CheckpointInput = checkpoint?.Input,
            CheckpointUnits = checkpoint?.Units,
        };
    }

    private async Task<StateValue> WithExecutionTimeoutAsync(Task<StateValue> work, int? timeoutSeconds, RunningExecution running)
    {
        if (timeoutSeconds is null)
        {
            return await work;
        }

        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(running.Token);
        var timeout = clock.TimeoutAsync(TimeSpan.FromSeconds(timeoutSeconds.Value), timerCts.Token);

        // A cancelled run (stop, shutdown) also ends the timer: that is not a timeout, so let the run's own outcome win.
        if (await Task.WhenAny(work, timeout) == work || running.Token.IsCancellationRequested)
        {
            await timerCts.CancelAsync();
            return await work;
        }

        running.TimeOut();
        try
        {
            await work;
        }
        catch (OperationCanceledException)
        {
            // Expected: the run was cancelled because the execution timed out.
        }
        catch (StatesException)
        {
            // The run failed while being cancelled; the timeout wins as in AWS.
        }

        throw new StatesException(StatesErrors.Timeout, "The execution exceeded the state machine's TimeoutSeconds.");
    }

    /// <summary>How a run that did not succeed ends: its status and its last history event.</summary>
    private sealed record Ending(string Status, string EventType, string DetailsName)
    {
        public static Ending Failed { get; } = new(ExecutionStatus.Failed, "ExecutionFailed", "executionFailedEventDetails");

        public static Ending TimedOut { get; } = new(ExecutionStatus.TimedOut, "ExecutionTimedOut", "executionTimedOutEventDetails");

        public static Ending Aborted { get; } = new(ExecutionStatus.Aborted, "ExecutionAborted", "executionAbortedEventDetails");
    }
}
