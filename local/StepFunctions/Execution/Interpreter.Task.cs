using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Task states: parameters, the integration call with timeouts, callbacks and the AWS task events.</summary>
internal sealed partial class Interpreter
{
    // Event names and resource parts of a Task depend only on its definition: computed once per Task state.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TaskState, TaskEvents> taskEvents = [];

    private TaskEvents EventsFor(TaskState task) => taskEvents.GetValue(task, t => new TaskEvents(t.Resource, region, invokers));

    /// <summary>
    /// Runs the task: the result node, or with <paramref name="onBytes"/> (a Lambda function) possibly only the response bytes
    /// in the history buffer, when they are exactly what the node would serialize to.
    /// </summary>
    private async ValueTask<(JsonNode? Node, Payload? Raw)> RunTaskAsync(
        TaskState task, JsonNode? effective, Payload? effectivePayload, bool onBytes, Payload? bytesParameters, RunContext run, BranchScope scope, int attempt,
        Func<int, string?, JsonObject?> context, CancellationToken ct)
    {
        var events = EventsFor(task);
        var pending = events.WaitForToken ? tokens.Register(run.ExecutionArn) : null;
        try
        {
            var contextObject = task.UsesContext || pending is not null ? context(attempt, pending?.Token) : null;
            var invoker = events.Invoker
                ?? throw new StatesException(StatesErrors.Runtime, $"No local task integration handles resource '{task.Resource}'.");

            // A Lambda function reads only the payload bytes: it needs no private copy of the effective input.
            var parameters = bytesParameters is not null ? null
                : task.Parameters is { } p ? p.Evaluate(effective, contextObject)
                : events.ReadsPayloadOnly && effectivePayload is not null ? effective : JsonValues.Clone(effective);
            var timeout = Seconds(task.TimeoutSeconds, task.TimeoutSecondsPath, effective, "TimeoutSecondsPath");
            var heartbeat = Seconds(task.HeartbeatSeconds, task.HeartbeatSecondsPath, effective, "HeartbeatSecondsPath");

            // Without Parameters the task gets its effective input, whose bytes the history already has.
            var parametersPayload = bytesParameters ?? (task.Parameters is null && effectivePayload is { } known ? known : run.History.Write(parameters));
            scope.LastEventId = run.History.Add(events.ScheduledHead(timeout, heartbeat), scope.LastEventId, parametersPayload);
            scope.LastEventId = run.History.Add(events.StartedHead, scope.LastEventId);
            if (run.Flush is not null)
            {
                await run.Flush(ct);
            }

            try
            {
                var invocation = new TaskInvocation(events.Bare, parameters, run.ExecutionArn, task.Name, pending?.Token) { ParametersUtf8 = run.History.Bytes(parametersPayload) };
                if (onBytes && pending is null && invoker is LambdaTaskInvoker lambda)
                {
                    // Without a timeout the call needs no closure for the race.
                    var response = timeout is null
                        ? await InvokeRawAsync(lambda, events.FunctionName, invocation, ct)
                        : await WithTimeoutAsync(token => InvokeRawAsync(lambda, events.FunctionName, invocation, token), timeout, ct);
                    // A function that answers its payload unchanged: the history has those (canonical) bytes already.
                    var echoed = response is not null && response.AsSpan().SequenceEqual(invocation.ParametersUtf8.Span);
                    if (echoed || (response is not null && Utf8Json.IsCanonical(response)))
                    {
                        var rawPayload = echoed ? parametersPayload : run.History.Write(response!);
                        scope.LastEventId = run.History.Add(events.SucceededHead, scope.LastEventId, rawPayload);
                        return (null, rawPayload);
                    }

                    var parsed = LambdaTaskInvoker.ParseResponse(LambdaTaskInvoker.FunctionName(invocation.Resource), response);
                    scope.LastEventId = run.History.Add(events.SucceededHead, scope.LastEventId, run.History.Write(parsed));
                    return (parsed, null);
                }

                var result = await WithTimeoutAsync(token => new ValueTask<JsonNode?>(InvokeAsync(invoker, invocation, token)), timeout, ct);
                if (pending is not null)
                {
                    result = await WaitForCallbackAsync(pending, timeout, heartbeat, ct);
                }

                var resultPayload = run.History.Write(result);
                scope.LastEventId = run.History.Add(events.SucceededHead, scope.LastEventId, resultPayload);
                return (result, null);
            }
            catch (StatesException e) when (!ct.IsCancellationRequested)
            {
                var kind = e.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout ? "TimedOut" : "Failed";
                scope.LastEventId = run.History.Add(events.Prefix + kind, scope.LastEventId, events.DetailsName(kind), events.WithError(e.Error, e.Cause));
                throw;
            }
        }
        finally
        {
            if (pending is not null)
            {
                tokens.Remove(pending.Token);
            }
        }
    }

    private static async ValueTask<byte[]?> InvokeRawAsync(LambdaTaskInvoker invoker, string functionName, TaskInvocation invocation, CancellationToken ct)
    {
        try
        {
            return await invoker.InvokeRawAsync(functionName, invocation, ct);
        }
        catch (Exception e) when (IsIntegrationBug(e, ct))
        {
            throw TaskFailed(e);
        }
    }

    private static async Task<JsonNode?> InvokeAsync(ITaskInvoker invoker, TaskInvocation invocation, CancellationToken ct)
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
    /// Anything but a named States error or our own cancellation is an integration bug: it must fail the task with a named
    /// error, not crash the execution loop.
    /// </summary>
    private static bool IsIntegrationBug(Exception e, CancellationToken ct) =>
        e is not StatesException && !(e is OperationCanceledException && ct.IsCancellationRequested);

    private static StatesException TaskFailed(Exception e) => new(StatesErrors.TaskFailed, $"{e.GetType().Name}: {e.Message}");

    /// <summary>
    /// The integration call raced against the Task's TimeoutSeconds. A call that has completed by the time it returns (an
    /// in-process handler) needs no timer: the race would pick it anyway, as the first completed task wins.
    /// </summary>
    private async ValueTask<T> WithTimeoutAsync<T>(Func<CancellationToken, ValueTask<T>> invoke, int? timeoutSeconds, CancellationToken ct)
    {
        if (timeoutSeconds is null)
        {
            return await invoke(ct);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = invoke(cts.Token);
        if (work.IsCompleted)
        {
            return await work;
        }

        var workTask = work.AsTask();
        var timeoutTask = clock.TimeoutAsync(TimeSpan.FromSeconds(timeoutSeconds.Value), cts.Token);
        var first = await Task.WhenAny(workTask, timeoutTask);
        if (first == workTask)
        {
            await cts.CancelAsync();
            return await workTask;
        }

        ct.ThrowIfCancellationRequested();
        await cts.CancelAsync();
        _ = workTask.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        throw new StatesException(StatesErrors.Timeout, "The task did not complete within its TimeoutSeconds.");
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

    private static int? Seconds(int? fixedValue, JsonPath? path, JsonNode? input, string field)
    {
        if (fixedValue is not null || path is null)
        {
            return fixedValue;
        }

        return path.TryEvaluate(input, out var value) && JsonValues.TryGetInteger(value, out var seconds) && seconds > 0
            ? (int)seconds
            : throw new StatesException(StatesErrors.Runtime, $"The {field} '{path.Text}' does not reference a positive integer.");
    }

    /// <summary>Event names and details for one Task: <c>LambdaFunction*</c> for a function ARN, <c>Task*</c> for service integrations.</summary>
    private sealed class TaskEvents : ITaskEventDetails
    {
        private readonly string resourceType;
        private readonly string resource;
        private readonly string region;
        private EventHead? scheduledHead;
        private EventHead? startedHead;
        private EventHead? succeededHead;
        private string? functionName;

        public TaskEvents(string arn, string region, TaskInvokerRegistry invokers)
        {
            this.region = region;
            WaitForToken = arn.EndsWith(TaskInvokerRegistry.WaitForTaskTokenSuffix, StringComparison.Ordinal);
            Bare = WaitForToken ? arn[..^TaskInvokerRegistry.WaitForTaskTokenSuffix.Length] : arn;
            Invoker = invokers.Find(arn);
            ReadsPayloadOnly = Invoker is LambdaTaskInvoker && Bare.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);
            IsLambdaFunction = arn.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);
            Arn = arn;
            var parts = arn.Split(':');
            if (arn.StartsWith("arn:aws:states:::", StringComparison.Ordinal) && parts.Length >= 7)
            {
                resourceType = parts[5];
                resource = string.Join(':', parts[6..]);
            }
            else
            {
                resourceType = parts.Length > 2 ? parts[2] : "unknown";
                resource = arn;
            }
        }

        public bool IsLambdaFunction { get; }

        /// <summary>The function name of a Lambda function ARN (made once per Task state, not per call).</summary>
        public string FunctionName => functionName ??= LambdaTaskInvoker.FunctionName(Bare);

        /// <summary>The TaskScheduled head for these timeouts (the last one is kept: a Task's timeouts rarely vary).</summary>
        public EventHead ScheduledHead(int? timeout, int? heartbeat)
        {
            var head = scheduledHead;
            if (head is null || head.Timeout != timeout || head.Heartbeat != heartbeat)
            {
                scheduledHead = head = new EventHead(ScheduledType, DetailsName("Scheduled"), EventShape.TaskScheduled, null, this, timeout, heartbeat);
            }

            return head;
        }

        /// <summary>TaskStarted (LambdaFunctionStarted has no details).</summary>
        public EventHead StartedHead => startedHead ??= IsLambdaFunction
            ? new EventHead(StartedType, null, EventShape.None, null, null)
            : new EventHead(StartedType, DetailsName("Started"), EventShape.TaskStarted, null, this);

        public EventHead SucceededHead => succeededHead ??= new EventHead(SucceededType, DetailsName("Succeeded"), EventShape.TaskSucceeded, null, this);

        public bool WaitForToken { get; }

        /// <summary>The resource without its <c>.waitForTaskToken</c> suffix.</summary>
        public string Bare { get; }

        public ITaskInvoker? Invoker { get; }

        /// <summary>True when the integration reads only the payload bytes (a Lambda function ARN), never the parameters node.</summary>
        public bool ReadsPayloadOnly { get; }

        public string Arn { get; }

        public string Prefix => IsLambdaFunction ? "LambdaFunction" : "Task";

        public string ScheduledType => IsLambdaFunction ? "LambdaFunctionScheduled" : "TaskScheduled";

        public string StartedType => IsLambdaFunction ? "LambdaFunctionStarted" : "TaskStarted";

        public string SucceededType => IsLambdaFunction ? "LambdaFunctionSucceeded" : "TaskSucceeded";

        public string DetailsName(string kind) => (IsLambdaFunction, kind) switch
        {
            (true, "Scheduled") => "lambdaFunctionScheduledEventDetails",
            (true, "Succeeded") => "lambdaFunctionSucceededEventDetails",
            (false, "Scheduled") => "taskScheduledEventDetails",
            (false, "Started") => "taskStartedEventDetails",
            (false, "Succeeded") => "taskSucceededEventDetails",
            _ => (IsLambdaFunction ? "lambdaFunction" : "task") + kind + "EventDetails",
        };

        public JsonObject Plain() => new() { ["resourceType"] = resourceType, ["resource"] = resource };

        public JsonObject Scheduled(string parameters, int? timeout, int? heartbeat)
        {
            var details = IsLambdaFunction
                ? new JsonObject { ["resource"] = Arn, ["input"] = parameters }
                : new JsonObject { ["resourceType"] = resourceType, ["resource"] = resource, ["region"] = region, ["parameters"] = parameters };
            if (timeout is not null)
            {
                details["timeoutInSeconds"] = timeout.Value;
            }

            if (heartbeat is not null && !IsLambdaFunction)
            {
                details["heartbeatInSeconds"] = heartbeat.Value;
            }

            return details;
        }

        public JsonObject WithOutput(string output)
        {
            var details = IsLambdaFunction ? [] : Plain();
            details["output"] = output;
            return details;
        }

        public JsonObject WithError(string error, string? cause)
        {
            var details = IsLambdaFunction ? [] : Plain();
            details["error"] = error;
            if (cause is not null)
            {
                details["cause"] = cause;
            }

            return details;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{resourceType}:{resource}");
    }
}
