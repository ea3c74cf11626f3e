using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Persistence;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>Starting, running, stopping, resuming and redriving executions.</summary>
public sealed partial class ExecutionService
{
    /// <summary>
    /// StartExecution. The same name with the same input while RUNNING returns the running execution (AWS's idempotent start);
    /// any other reuse of a name is ExecutionAlreadyExists. A missing name gets a UUID.
    /// </summary>
    public async Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string? name = null, string? input = null, CancellationToken cancellationToken = default)
    {
        var machine = await GetMachineAsync(stateMachineArn, cancellationToken);
        name ??= Guid.NewGuid().ToString();
        ValidateName(name, "execution");
        var inputText = NormalizeInput(input);
        var executionArn = $"arn:aws:states:{options.Region}:{options.AccountId}:execution:{machine.Name}:{name}";
        await startGate.EnterAsync(cancellationToken);
        try
        {
            var existing = await store.GetExecutionAsync(executionArn, cancellationToken);
            if (existing is not null)
            {
                return existing.Status == ExecutionStatus.Running && JsonNode.DeepEquals(JsonValues.Parse(existing.Input), JsonValues.Parse(inputText))
                    ? new StartExecutionResult(existing.ExecutionArn, existing.StartDate)
                    : throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{executionArn}'");
            }

            var block = Parse(machine.Definition);
            var now = clock.UtcNow;
            var history = new HistoryRecorder(0, clock, block.HistoryHint);
            history.AddExecutionStarted(inputText, machine.RoleArn, machine.StateMachineArn);
            var record = new ExecutionRecord(
                executionArn, machine.StateMachineArn, name, machine.Definition, machine.RoleArn, ExecutionStatus.Running, inputText,
                null, null, null, now, null, 0, null, block.StartAt, inputText, history.LastId);
            await store.PutExecutionAsync(record, history.TakeSlice(), cancellationToken);
            Launch(record, history);
            return new StartExecutionResult(executionArn, now);
        }
        finally
        {
            startGate.Exit();
        }
    }

    /// <summary>StopExecution: the execution ends ABORTED with the given error and cause.</summary>
    public async Task<DateTimeOffset> StopExecutionAsync(string executionArn, string? error = null, string? cause = null, CancellationToken cancellationToken = default)
    {
        var record = await GetExecutionRecordAsync(executionArn, cancellationToken);
        if (running.TryGetValue(executionArn, out var run))
        {
            run.Stop(error, cause);
            await run.Completion.WaitAsync(cancellationToken);
            record = await GetExecutionRecordAsync(executionArn, cancellationToken);
        }
        else if (record.Status == ExecutionStatus.Running)
        {
            // RUNNING in the store but not in this process (not resumed yet): abort it directly.
            var history = new HistoryRecorder(record.LastEventId, clock);
            history.Add("ExecutionAborted", record.LastEventId, "executionAbortedEventDetails", Details.ErrorCause(error, cause));
            record = record with { Status = ExecutionStatus.Aborted, Error = error, Cause = cause, StopDate = clock.UtcNow, LastEventId = history.LastId };
            await store.PutExecutionAsync(record, history.TakeSlice(), cancellationToken);
        }

        return record.StopDate ?? clock.UtcNow;
    }

    /// <summary>
    /// RedriveExecution: only FAILED, TIMED_OUT or ABORTED executions that stopped within the redrive window. The run restarts at
    /// the top-level state that did not complete, with that state's input and fresh retry counts; states that completed are not rerun.
    /// </summary>
    public async Task<DateTimeOffset> RedriveExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        await startGate.EnterAsync(cancellationToken);
        try
        {
            var record = await GetExecutionRecordAsync(executionArn, cancellationToken);
            var (redrivable, reason) = Redrivability(record);
            if (!redrivable)
            {
                throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionNotRedrivable, reason!);
            }

            var now = clock.UtcNow;
            var history = new HistoryRecorder(record.LastEventId, clock);
            history.Add("ExecutionRedriven", record.LastEventId, "executionRedrivenEventDetails", new JsonObject { ["redriveCount"] = record.RedriveCount + 1 });
            record = record with
            {
                Status = ExecutionStatus.Running, Output = null, Error = null, Cause = null, StopDate = null,
                RedriveCount = record.RedriveCount + 1, RedriveDate = now, LastEventId = history.LastId,
            };
            await store.PutExecutionAsync(record, history.TakeSlice(), cancellationToken);
            Launch(record, history);
            return now;
        }
        finally
        {
            startGate.Exit();
        }
    }

    /// <summary>Resumes every execution the store has as RUNNING (after a restart) from its last checkpoint; returns how many.</summary>
    public async Task<int> ResumeRunningExecutionsAsync(CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var record in await store.ListExecutionsAsync(null, ExecutionStatus.Running, cancellationToken))
        {
            if (!running.ContainsKey(record.ExecutionArn))
            {
                Launch(record, new HistoryRecorder(record.LastEventId, clock));
                count++;
            }
        }

        return count;
    }

    /// <summary>SendTaskSuccess for a <c>.waitForTaskToken</c> task.</summary>
    public void SendTaskSuccess(string taskToken, string output)
    {
        var pending = FindToken(taskToken);
        JsonNode? parsedOutput;
        try
        {
            parsedOutput = JsonValues.Parse(output);
        }
        catch (JsonException e)
        {
            throw new StepFunctionsException(StepFunctionsErrorCodes.InvalidOutput, $"Invalid output: {e.Message}");
        }

        pending.Succeed(parsedOutput);
    }

    /// <summary>SendTaskFailure for a <c>.waitForTaskToken</c> task.</summary>
    public void SendTaskFailure(string taskToken, string? error, string? cause) => FindToken(taskToken).Fail(error ?? string.Empty, cause);

    /// <summary>SendTaskHeartbeat for a <c>.waitForTaskToken</c> task.</summary>
    public void SendTaskHeartbeat(string taskToken) => FindToken(taskToken).Heartbeat();

    private TaskTokens.Pending FindToken(string taskToken) =>
        tokens.TryGet(taskToken, out var pending)
            ? pending
            : throw new StepFunctionsException(StepFunctionsErrorCodes.TaskDoesNotExist, "Task Does Not Exist: the token is unknown or its task has finished.");

    private (bool Redrivable, string? Reason) Redrivability(ExecutionRecord record)
    {
        if (record.Status is not (ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted))
        {
            return (false, $"Execution is {record.Status} and cannot be redriven");
        }

        if (record.StopDate is { } stop && clock.UtcNow - stop > options.RedriveWindow)
        {
            return (false, "Execution ended more than 14 days ago and cannot be redriven");
        }

        return record.CheckpointState is null ? (false, "Execution has no state to redrive from") : (true, null);
    }

    private void Launch(ExecutionRecord record, HistoryRecorder history)
    {
        var run = new RunningExecution(record.ExecutionArn, record.StateMachineArn);
        run.Prepare(() => RunAsync(record, history, run));

        // Registered before it can start, so WaitForCompletion and Stop always find it. A service that began stopping after
        // this run was started may have missed it when it cancelled the registered runs: cancel it here then.
        running[record.ExecutionArn] = run;
        if (shutdown.IsCancellationRequested)
        {
            run.Cancel();
        }

        deferredStarts.Add(run);
    }

    private async Task RunAsync(ExecutionRecord record, HistoryRecorder history, RunningExecution run)
    {
        var ct = run.Token;
        var current = record;
        using var persistGate = new SemaphoreSlim(1, 1);
        RunContext? context = null;

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

        var topScope = new BranchScope { LastEventId = history.LastId, IsTopLevel = true };
        StatesBlock? block = null;
        try
        {
            block = Parse(record.Definition);
            // Input text that is exactly what the serializer writes goes into the history as it is: no node unless a state needs one.
            var inputBytes = System.Text.Encoding.UTF8.GetBytes(record.CheckpointInput ?? record.Input);
            Payload? inputPayload = options.FastPaths && Utf8Json.IsCanonical(inputBytes) ? history.Write(inputBytes) : null;
            var input = inputPayload is null ? JsonValues.Parse(inputBytes) : null;
            var machineName = record.StateMachineArn[(record.StateMachineArn.LastIndexOf(':') + 1)..];
            context = new RunContext
            {
                ExecutionArn = record.ExecutionArn,
                ExecutionName = record.Name,
                StateMachineArn = record.StateMachineArn,
                StateMachineName = machineName,
                RoleArn = record.RoleArn,
                ExecutionInput = record.Input,
                StartTime = record.StartDate,
                RedriveCount = record.RedriveCount,
                History = history,
                RedriveState = record.CheckpointUnits is null ? null : record.CheckpointState,
                RedriveUnits = UnitCheckpoint.Parse(record.CheckpointUnits),
                RedriveUnitsText = record.CheckpointUnits,
                Checkpoint = store.IsDurable
                    ? (state, stateInput, token) => PersistAsync(new ExecutionCheckpoint(state, history.GetString(stateInput)) { Units = KeptUnits(context, state) }, token)
                    : null,
                Flush = store.IsDurable ? token => PersistAsync(null, token) : null,
            };
            var work = interpreter.RunBlockAsync(block, record.CheckpointState ?? block.StartAt, input, context, topScope, topLevel: true, ct, inputPayload);
            var output = await WithExecutionTimeoutAsync(work, block.TimeoutSeconds, run);
            var payload = topScope.LastOutput ?? history.Write(output);
            history.Add(EventHead.ExecutionSucceeded, history.LastId, payload);
            current = current with { Status = ExecutionStatus.Succeeded, Output = history.GetString(payload), StopDate = clock.UtcNow };
        }
        catch (StatesException e) when (e.Error == StatesErrors.Timeout && run.ExecutionTimedOut)
        {
            history.Add("ExecutionTimedOut", history.LastId, "executionTimedOutEventDetails", Details.ErrorCause(e.Error, e.Cause));
            current = current with { Status = ExecutionStatus.TimedOut, Error = e.Error, Cause = e.Cause, StopDate = clock.UtcNow };
        }
        catch (StatesException e)
        {
            var error = e.Error.Length == 0 ? null : e.Error;
            history.Add("ExecutionFailed", history.LastId, "executionFailedEventDetails", Details.ErrorCause(error, e.Cause));
            current = current with { Status = ExecutionStatus.Failed, Error = error, Cause = e.Cause, StopDate = clock.UtcNow };
        }
        catch (OperationCanceledException) when (run.StopRequested)
        {
            history.Add("ExecutionAborted", history.LastId, "executionAbortedEventDetails", Details.ErrorCause(run.StopError, run.StopCause));
            current = current with { Status = ExecutionStatus.Aborted, Error = run.StopError, Cause = run.StopCause, StopDate = clock.UtcNow };
        }
        catch (OperationCanceledException)
        {
            // The service is shutting down (or the process is "crashing" in a test): leave the execution RUNNING at its checkpoint.
            running.TryRemove(record.ExecutionArn, out _);
            run.Dispose();
            return;
        }

        var succeeded = current.Status == ExecutionStatus.Succeeded;
        current = current with
        {
            LastEventId = history.LastId,
            CheckpointState = succeeded ? null : context?.CheckpointState ?? record.CheckpointState,
            CheckpointInput = succeeded ? null : context?.CheckpointState is not null ? history.GetString(context.CheckpointInput) : record.CheckpointInput,
            CheckpointUnits = succeeded ? null : UnitCheckpoint.Serialize(context?.CompletedUnits, history),
        };
        if (succeeded && block is not null && record.RedriveCount == 0)
        {
            block.HistoryHint = history.Size;
        }

        if (!store.IsDurable)
        {
            history.Trim();
        }

        try
        {
            await store.PutExecutionAsync(current, history.TakeSlice(), CancellationToken.None);
        }
        finally
        {
            running.TryRemove(record.ExecutionArn, out _);
            run.Dispose();
        }
    }

    /// <summary>
    /// The saved units a checkpoint keeps: those of the state a redrive restarts in, until its first attempt takes them, so a
    /// crash before that attempt ends does not lose what the stopped run had done.
    /// </summary>
    private static string? KeptUnits(RunContext? context, string state) =>
        context is { RedriveUnits: not null } && context.RedriveState == state ? context.RedriveUnitsText : null;

    private async Task<JsonNode?> WithExecutionTimeoutAsync(Task<JsonNode?> work, int? timeoutSeconds, RunningExecution run)
    {
        if (timeoutSeconds is null)
        {
            return await work;
        }

        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        var timeout = clock.TimeoutAsync(TimeSpan.FromSeconds(timeoutSeconds.Value), timerCts.Token);
        // A cancelled run (stop, shutdown) also ends the timer: that is not a timeout, so let the run's own outcome win.
        if (await Task.WhenAny(work, timeout) == work || run.Token.IsCancellationRequested)
        {
            await timerCts.CancelAsync();
            return await work;
        }

        run.TimeOut();
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
}
