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
        using (await locks.EnterAsync(executionArn, cancellationToken))
        {
            var existing = await store.GetExecutionAsync(executionArn, cancellationToken);
            if (existing is not null)
            {
                return existing.Status == ExecutionStatus.Running && JsonNode.DeepEquals(JsonValues.Parse(existing.Input), JsonValues.Parse(inputText))
                    ? new StartExecutionResult(existing.ExecutionArn, existing.StartDate)
                    : throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionAlreadyExists, $"Execution Already Exists: '{executionArn}'");
            }

            var compiled = machines.ForMachine(machine);
            var now = clock.UtcNow;
            var history = new HistoryRecorder(0, clock, compiled.HistoryHint);
            history.AddExecutionStarted(inputText, machine.RoleArn, machine.StateMachineArn);
            var record = new ExecutionRecord(
                executionArn, machine.StateMachineArn, name, machine.Definition, machine.RoleArn, ExecutionStatus.Running, inputText,
                null, null, null, now, null, 0, null, compiled.Block.StartAt, inputText, history.LastId);
            await store.PutExecutionAsync(record, history.TakeSlice(), cancellationToken);
            Launch(record, history, compiled);
            return new StartExecutionResult(executionArn, now);
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
        using (await locks.EnterAsync(executionArn, cancellationToken))
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
            var compiled = machines.ForText(record.Definition);
            await store.PutExecutionAsync(record, history.TakeSlice(), cancellationToken);
            Launch(record, history, compiled);
            return now;
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
                Launch(record, new HistoryRecorder(record.LastEventId, clock), machines.ForText(record.Definition));
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

    private void Launch(ExecutionRecord record, HistoryRecorder history, CompiledMachine machine)
    {
        var run = new RunningExecution(record.ExecutionArn, record.StateMachineArn, r => RunAsync(record, history, machine, r));

        // Registered before it can start, so WaitForCompletion and Stop always find it. A service that began stopping after
        // this run was started may have missed it when it cancelled the registered runs: cancel it here then.
        running[record.ExecutionArn] = run;
        if (shutdown.IsCancellationRequested)
        {
            run.Cancel();
        }

        run.Start();
    }

    private async Task RunAsync(ExecutionRecord record, HistoryRecorder history, CompiledMachine machine, RunningExecution run)
    {
        try
        {
            var ended = await runner.RunAsync(record, history, machine, run);
            if (ended is not null)
            {
                await store.PutExecutionAsync(ended, history.TakeSlice(), CancellationToken.None);
            }
        }
        finally
        {
            running.TryRemove(record.ExecutionArn, out _);
            run.Dispose();
        }
    }
}
