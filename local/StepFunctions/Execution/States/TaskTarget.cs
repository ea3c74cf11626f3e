using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>
/// What a Task's resource names, compiled with the state: its integration, and the AWS names and details of its events
/// (<c>LambdaFunction*</c> for a function ARN, <c>Task*</c> for service integrations). Immutable.
/// </summary>
internal sealed class TaskTarget : ITaskEventDetails
{
    private readonly string resourceType;
    private readonly string resource;
    private readonly string region;

    public TaskTarget(string arn, string region, TaskInvokerRegistry? invokers, int? timeoutSeconds, int? heartbeatSeconds)
    {
        this.region = region;
        Arn = arn;
        WaitForToken = arn.EndsWith(TaskInvokerRegistry.WaitForTaskTokenSuffix, StringComparison.Ordinal);
        Bare = WaitForToken ? arn[..^TaskInvokerRegistry.WaitForTaskTokenSuffix.Length] : arn;
        Invoker = invokers?.Find(arn);
        IsLambdaFunction = arn.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);
        if (Invoker is IUtf8TaskInvoker utf8 && utf8.Utf8Target(Bare) is { } target)
        {
            (Utf8, Utf8Key) = (utf8, target);
        }

        var parts = arn.Split(':');
        (resourceType, resource) = arn.StartsWith("arn:aws:states:::", StringComparison.Ordinal) && parts.Length >= 7
            ? (parts[5], string.Join(':', parts[6..]))
            : (parts.Length > 2 ? parts[2] : "unknown", arn);
        var prefix = Prefix;
        ScheduledEvent = ScheduledHead(timeoutSeconds, heartbeatSeconds);
        StartedEvent = IsLambdaFunction
            ? new EventHead(prefix + "Started", null, EventShape.None, null, null)
            : new EventHead(prefix + "Started", DetailsName("Started"), EventShape.TaskStarted, null, this);
        SucceededEvent = new EventHead(prefix + "Succeeded", DetailsName("Succeeded"), EventShape.TaskSucceeded, null, this);
    }

    /// <summary>The resource as written, with its <c>.waitForTaskToken</c> suffix.</summary>
    public string Arn { get; }

    /// <summary>The resource without its <c>.waitForTaskToken</c> suffix.</summary>
    public string Bare { get; }

    public bool WaitForToken { get; }

    public bool IsLambdaFunction { get; }

    /// <summary>The integration (null when none handles the resource: the Task fails with <c>States.Runtime</c>).</summary>
    public ITaskInvoker? Invoker { get; }

    /// <summary>
    /// The integration when it takes and answers UTF-8 JSON for this resource (a Lambda function ARN), else null. Such an
    /// integration reads only <see cref="TaskInvocation.ParametersUtf8"/>, never the parameters node.
    /// </summary>
    public IUtf8TaskInvoker? Utf8 { get; }

    /// <summary>What <see cref="Utf8"/> calls the resource by (a function name).</summary>
    public string Utf8Key { get; } = string.Empty;

    /// <summary>TaskScheduled for the state's fixed timeouts.</summary>
    public EventHead? ScheduledEvent { get; }

    /// <summary>TaskStarted (LambdaFunctionStarted has no details).</summary>
    public EventHead StartedEvent { get; }

    public EventHead SucceededEvent { get; }

    /// <summary>The prefix of the task's own events: <c>LambdaFunction</c> or <c>Task</c>.</summary>
    public string Prefix => IsLambdaFunction ? "LambdaFunction" : "Task";

    /// <summary>TaskScheduled for these timeouts (the fixed ones are made once; a ...Path may give others).</summary>
    public EventHead ScheduledHead(int? timeout, int? heartbeat) =>
        ScheduledEvent is { } fixedHead && fixedHead.Timeout == timeout && fixedHead.Heartbeat == heartbeat
            ? fixedHead
            : new EventHead(IsLambdaFunction ? "LambdaFunctionScheduled" : "TaskScheduled", DetailsName("Scheduled"), EventShape.TaskScheduled, null, this, timeout, heartbeat);

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
