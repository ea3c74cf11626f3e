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

    private async Task<JsonNode?> RunTaskAsync(
        TaskState task, JsonNode? effective, string? effectiveText, RunContext run, BranchScope scope, int attempt,
        Func<int, string?, JsonObject?> context, CancellationToken ct)
    {
        var waitForToken = task.Resource.EndsWith(TaskInvokerRegistry.WaitForTaskTokenSuffix, StringComparison.Ordinal);
        var pending = waitForToken ? tokens.Register(run.ExecutionArn) : null;
        try
        {
            var contextObject = context(attempt, pending?.Token);
            var parameters = task.Parameters is { } p ? p.Evaluate(effective, contextObject) : JsonValues.Clone(effective);
            var timeout = Seconds(task.TimeoutSeconds, task.TimeoutSecondsPath, effective, "TimeoutSecondsPath");
            var heartbeat = Seconds(task.HeartbeatSeconds, task.HeartbeatSecondsPath, effective, "HeartbeatSecondsPath");
            var invoker = invokers.Find(task.Resource)
                ?? throw new StatesException(StatesErrors.Runtime, $"No local task integration handles resource '{task.Resource}'.");
            var events = taskEvents.GetValue(task, t => new TaskEvents(t.Resource, region));
            // Without Parameters the task gets its effective input, whose text the state already has.
            var parametersText = task.Parameters is null && effectiveText is not null ? effectiveText : JsonValues.Serialize(parameters);
            scope.LastEventId = run.History.Add(events.ScheduledType, scope.LastEventId, events.DetailsName("Scheduled"), new LazyDetails(() => events.Scheduled(parametersText, timeout, heartbeat)));
            scope.LastEventId = events.IsLambdaFunction
                ? run.History.Add(events.StartedType, scope.LastEventId)
                : run.History.Add(events.StartedType, scope.LastEventId, events.DetailsName("Started"), new LazyDetails(events.Plain));
            if (run.Flush is not null)
            {
                await run.Flush(ct);
            }

            try
            {
                var bare = waitForToken ? task.Resource[..^TaskInvokerRegistry.WaitForTaskTokenSuffix.Length] : task.Resource;
                var invocation = new TaskInvocation(bare, parameters, run.ExecutionArn, task.Name, pending?.Token) { ParametersText = parametersText };
                var result = await WithTimeoutAsync(token => InvokeAsync(invoker, invocation, token), timeout, ct);
                if (pending is not null)
                {
                    result = await WaitForCallbackAsync(pending, timeout, heartbeat, ct);
                }

                var resultText = JsonValues.Serialize(result);
                scope.LastEventId = run.History.Add(events.SucceededType, scope.LastEventId, events.DetailsName("Succeeded"), new LazyDetails(() => events.WithOutput(resultText)));
                return result;
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

    private static async Task<JsonNode?> InvokeAsync(ITaskInvoker invoker, TaskInvocation invocation, CancellationToken ct)
    {
        try
        {
            return await invoker.InvokeAsync(invocation, ct);
        }
        catch (StatesException)
        {
            throw;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An integration bug must fail the task with a named error, not crash the execution loop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new StatesException(StatesErrors.TaskFailed, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<JsonNode?> WithTimeoutAsync(Func<CancellationToken, Task<JsonNode?>> work, int? timeoutSeconds, CancellationToken ct)
    {
        if (timeoutSeconds is null)
        {
            return await work(ct);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workTask = work(cts.Token);
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
    private sealed class TaskEvents
    {
        private readonly string resourceType;
        private readonly string resource;
        private readonly string region;

        public TaskEvents(string arn, string region)
        {
            this.region = region;
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
