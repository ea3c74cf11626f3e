using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Task: its arguments to the integration, with TimeoutSeconds, HeartbeatSeconds and callbacks, and the AWS task events.</summary>
internal sealed class TaskRunner(Attempts attempts, TaskTokens tokens, IEngineClock clock) : IStateAttempt
{
    public async ValueTask<StateValue> AttemptAsync(Step step, int retryCount)
    {
        var task = (TaskState)step.State;
        var target = task.Target;
        var effective = task.Flow.Effective(step.Input);
        var pending = target.WaitForToken ? tokens.Register(step.Run.ExecutionArn) : null;
        try
        {
            var context = step.Context(retryCount, pending?.Token);
            var invoker = target.Invoker
                ?? throw new StatesException(StatesErrors.Runtime, $"No local task integration handles resource '{target.Arn}'.");
            var arguments = task.Flow.Arguments(effective, context, step.Run, recorded: true);
            var call = new TaskCall(
                step, target, invoker, arguments, pending,
                Seconds(task.TimeoutSeconds, task.TimeoutSecondsPath, effective, "TimeoutSecondsPath"),
                Seconds(task.HeartbeatSeconds, task.HeartbeatSecondsPath, effective, "HeartbeatSecondsPath"));
            step.Record(target.ScheduledHead(call.Timeout, call.Heartbeat), arguments.Write(step.Run.History));
            step.Record(target.StartedEvent);
            if (step.Run.Flush is { } flush)
            {
                await flush(step.Cancellation);
            }

            return await CallAsync(call);
        }
        finally
        {
            if (pending is not null)
            {
                tokens.Remove(pending.Token);
            }
        }
    }

    private async ValueTask<StateValue> CallAsync(TaskCall call)
    {
        var step = call.Step;
        try
        {
            var result = step.Run.FastPaths && call.Pending is null && call.Target.Utf8 is { } utf8
                ? await CallUtf8Async(call, utf8)
                : StateValue.Of(await CallNodeAsync(call));
            step.Record(call.Target.SucceededEvent, result.Write(step.Run.History));
            return result;
        }
        catch (StatesException e) when (!step.Cancellation.IsCancellationRequested)
        {
            var kind = e.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout ? "TimedOut" : "Failed";
            step.Record(call.Target.Prefix + kind, call.Target.DetailsName(kind), call.Target.WithError(e.Error, e.Cause));
            throw;
        }
    }

    /// <summary>The fast path of an integration that takes UTF-8: the arguments' text in, the response's text as the result when it is canonical.</summary>
    private async ValueTask<StateValue> CallUtf8Async(TaskCall call, IUtf8TaskInvoker utf8)
    {
        var parameters = call.Arguments.Text;
        var key = call.Target.Utf8Key;
        var ct = call.Step.Cancellation;

        // Without a timeout the call needs no closure for the race.
        var response = call.Timeout is null
            ? await InvokeAsync(utf8, key, parameters, ct)
            : await attempts.WithTimeoutAsync(token => InvokeAsync(utf8, key, parameters, token), call.Timeout, ct);

        // A function that answers its payload unchanged: the history has those (canonical) bytes already.
        if (response is not null && response.AsSpan().SequenceEqual(parameters.Span))
        {
            return call.Arguments;
        }

        return response is not null && Utf8Json.IsCanonical(response) ? StateValue.OfText(response) : StateValue.Of(utf8.ParseResponse(key, response));
    }

    private async ValueTask<JsonNode?> CallNodeAsync(TaskCall call)
    {
        var step = call.Step;

        // An integration that reads only the UTF-8 parameters needs no node of its own.
        var parameters = call.Target.Utf8 is not null ? call.Arguments.Node : call.Arguments.TakeNode();
        var invocation = new TaskInvocation(call.Target.Bare, parameters, step.Run.ExecutionArn, step.State.Name, call.Pending?.Token)
        {
            ParametersUtf8 = call.Arguments.Text,
        };
        var result = await attempts.WithTimeoutAsync(token => InvokeAsync(call.Invoker, invocation, token), call.Timeout, step.Cancellation);
        return call.Pending is { } pending ? await WaitForCallbackAsync(pending, call.Timeout, call.Heartbeat, step.Cancellation) : result;
    }

    private async Task<JsonNode?> WaitForCallbackAsync(TaskTokens.Pending pending, int? timeout, int? heartbeat, CancellationToken ct)
    {
        var deadline = timeout is { } t ? clock.TimeoutAsync(TimeSpan.FromSeconds(t), ct) : Task.Delay(Timeout.Infinite, ct);
        while (true)
        {
            var beats = pending.Heartbeats;
            var heartbeatDeadline = heartbeat is { } h ? clock.TimeoutAsync(TimeSpan.FromSeconds(h), ct) : Task.Delay(Timeout.Infinite, ct);
            var first = await Task.WhenAny(pending.Completion, deadline, heartbeatDeadline);
            ct.ThrowIfCancellationRequested();
            if (first == pending.Completion)
            {
                return await pending.Completion;
            }

            if (first == deadline)
            {
                throw new StatesException(StatesErrors.Timeout, "The task did not complete within its TimeoutSeconds.");
            }

            if (pending.Heartbeats == beats)
            {
                throw new StatesException(StatesErrors.HeartbeatTimeout, "The task did not send a heartbeat within its HeartbeatSeconds.");
            }
        }
    }

    private static async ValueTask<byte[]?> InvokeAsync(IUtf8TaskInvoker invoker, string key, ReadOnlyMemory<byte> parameters, CancellationToken ct)
    {
        try
        {
            return await invoker.InvokeUtf8Async(key, parameters, ct);
        }
        catch (Exception e) when (IsIntegrationBug(e, ct))
        {
            throw TaskFailed(e);
        }
    }

    private static async ValueTask<JsonNode?> InvokeAsync(ITaskInvoker invoker, TaskInvocation invocation, CancellationToken ct)
    {
        try
        {
            return await invoker.InvokeAsync(invocation, ct);
        }
        catch (Exception e) when (IsIntegrationBug(e, ct))
        {
            throw TaskFailed(e);
        }
    }

    /// <summary>
    /// Anything but a named States error or our own cancellation is an integration bug: it fails the task with a named
    /// error instead of crashing the execution loop.
    /// </summary>
    private static bool IsIntegrationBug(Exception e, CancellationToken ct) =>
        e is not StatesException && !(e is OperationCanceledException && ct.IsCancellationRequested);

    private static StatesException TaskFailed(Exception e) => new(StatesErrors.TaskFailed, $"{e.GetType().Name}: {e.Message}");

    private static int? Seconds(int? fixedValue, JsonPath? path, StateValue input, string field)
    {
        if (fixedValue is not null || path is null)
        {
            return fixedValue;
        }

        return path.TryEvaluate(input.Node, out var value) && JsonValues.TryGetInteger(value, out var seconds) && seconds > 0
            ? (int)seconds
            : throw new StatesException(StatesErrors.Runtime, $"The {field} '{path.Text}' does not reference a positive integer.");
    }

    /// <summary>One call of a Task attempt: its arguments, integration, callback token and timeouts.</summary>
    private sealed record TaskCall(Step Step, TaskTarget Target, ITaskInvoker Invoker, StateValue Arguments, TaskTokens.Pending? Pending, int? Timeout, int? Heartbeat);
}
