using System.Globalization;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Facts about one execution run that every state can see (the context object's sources) plus its history.</summary>
internal sealed class RunContext
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

    /// <summary>Called before each top-level state runs, for a durable store only: the checkpoint (state name, its input).</summary>
    public Func<string, Payload, CancellationToken, Task>? Checkpoint { get; init; }

    /// <summary>The top-level state the run is in (or about to run): where a redrive restarts.</summary>
    public string? CheckpointState { get; set; }

    /// <summary>That state's input, in the history buffer.</summary>
    public Payload CheckpointInput { get; set; }

    /// <summary>
    /// On a redrive: the branches/iterations of the top-level Parallel or Map state the execution failed in, by index (at
    /// every depth, see <see cref="SavedUnit"/>). Its first attempt reuses the succeeded ones and resumes the others where they
    /// stopped, as AWS redrives only the branches and iterations that failed or aborted.
    /// </summary>
    public IReadOnlyDictionary<int, SavedUnit>? RedriveUnits { get; set; }

    /// <summary>The state <see cref="RedriveUnits"/> belong to.</summary>
    public string? RedriveState { get; init; }

    /// <summary>The stored text of <see cref="RedriveUnits"/>: kept by the checkpoint of that state until its attempt starts.</summary>
    public string? RedriveUnitsText { get; init; }

    /// <summary>The units of the current top-level Parallel or Map attempt (kept for a later redrive).</summary>
    public UnitSet? CompletedUnits { get; set; }

    /// <summary>Persists the events recorded so far (before a task or a wait, so a long-running step shows in the history).</summary>
    public Func<CancellationToken, Task>? Flush { get; init; }

    public JsonObject BuildContext(string stateName, DateTimeOffset entered, int retryCount, BranchScope scope, string? taskToken)
    {
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = ExecutionArn,
                ["Input"] = Json.JsonValues.Parse(ExecutionInput),
                ["Name"] = ExecutionName,
                ["RoleArn"] = RoleArn,
                ["StartTime"] = Timestamp(StartTime),
                ["RedriveCount"] = RedriveCount,
            },
            ["State"] = new JsonObject
            {
                ["EnteredTime"] = Timestamp(entered),
                ["Name"] = stateName,
                ["RetryCount"] = retryCount,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = StateMachineArn, ["Name"] = StateMachineName },
        };
        if (taskToken is not null)
        {
            context["Task"] = new JsonObject { ["Token"] = taskToken };
        }

        if (scope.MapItemIndex is { } index)
        {
            context["Map"] = new JsonObject
            {
                ["Item"] = new JsonObject { ["Index"] = index, ["Value"] = scope.MapItemValue?.DeepClone() },
            };
        }

        return context;
    }

    /// <summary>The timestamp format of the context object: ISO 8601 UTC with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Per-branch state: the last event id (for previousEventId) and, inside a Map iteration, the current item.</summary>
internal sealed class BranchScope
{
    public long LastEventId { get; set; }

    /// <summary>True for the execution's own states (not inside a Parallel branch or Map iteration).</summary>
    public bool IsTopLevel { get; init; }

    /// <summary>The output of the state that just exited, in the history buffer: the next state's input, not written again.</summary>
    public Payload? LastOutput { get; set; }

    /// <summary>True when the state that just exited ran on bytes only: its output node was not built.</summary>
    public bool OutputStale { get; set; }

    /// <summary>Inside a branch/iteration: where it is, kept for a redrive.</summary>
    public UnitProgress? Progress { get; init; }

    /// <summary>A redriven unit resumes at this state (the one it failed or was stopped in).</summary>
    public string? ResumeState { get; init; }

    /// <summary>When <see cref="ResumeState"/> is a Parallel or Map: its saved units, for its first attempt only.</summary>
    public IReadOnlyDictionary<int, SavedUnit>? ResumeUnits { get; set; }

    public int? MapItemIndex { get; init; }

    public JsonNode? MapItemValue { get; init; }
}
