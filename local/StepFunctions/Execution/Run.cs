using System.Globalization;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>One run of an execution (its start, a redrive or a resume): facts every state can see, its history and its store hooks.</summary>
internal sealed class Run
{
    public required string ExecutionArn { get; init; }

    public required string ExecutionName { get; init; }

    public required string StateMachineArn { get; init; }

    public required string StateMachineName { get; init; }

    public required string RoleArn { get; init; }

    /// <summary>The execution's input text (parsed only when a state reads <c>$$.Execution.Input</c>).</summary>
    public required string ExecutionInput { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public int RedriveCount { get; init; }

    public required HistoryRecorder History { get; init; }

    /// <summary>True when the byte-level shortcuts are on (see <c>ExecutionServiceOptions.FastPaths</c>).</summary>
    public bool FastPaths { get; init; }

    /// <summary>Called when the root unit enters a state that needs a checkpoint, for a durable store only.</summary>
    public Func<Unit, CancellationToken, Task>? Checkpoint { get; init; }

    /// <summary>Persists the events recorded so far (before a task or a wait, so a long-running step shows in the history).</summary>
    public Func<CancellationToken, Task>? Flush { get; init; }
}

/// <summary>The context object (<c>$$</c>) of one state attempt, built only when a field of the state reads it.</summary>
internal static class ContextObject
{
    public static JsonObject Build(Run run, Unit unit, string stateName, DateTimeOffset entered, int retryCount, string? taskToken)
    {
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = run.ExecutionArn,
                ["Input"] = Json.JsonValues.Parse(run.ExecutionInput),
                ["Name"] = run.ExecutionName,
                ["RoleArn"] = run.RoleArn,
                ["StartTime"] = Timestamp(run.StartTime),
                ["RedriveCount"] = run.RedriveCount,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = Timestamp(entered),
                ["Name"] = stateName,
                ["RetryCount"] = retryCount,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = run.StateMachineArn, ["Name"] = run.StateMachineName },
        };
        if (taskToken is not null)
        {
            context["Task"] = new JsonObject { ["Token"] = taskToken };
        }

        if (unit.MapIndex is { } index)
        {
            context["Map"] = new JsonObject
            {
                ["Item"] = new JsonObject { ["Index"] = index, ["Value"] = unit.MapItem?.DeepClone() },
            };
        }

        return context;
    }

    /// <summary>The timestamp format of the context object: ISO 8601 UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
