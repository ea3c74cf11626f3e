using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>How an event's details are rebuilt when the history is read.</summary>
internal enum EventShape : byte
{
    None,
    Json,
    StateEntered,
    StateExited,
    ExecutionSucceeded,
    TaskScheduled,
    TaskStarted,
    TaskSucceeded,
    ExecutionStarted,
}

/// <summary>Builds the details of task events on read (from the Task state's compiled <c>TaskTarget</c>).</summary>
internal interface ITaskEventDetails
{
    JsonObject Scheduled(string parameters, int? timeout, int? heartbeat);

    JsonObject Plain();

    JsonObject WithOutput(string output);
}

/// <summary>
/// What an event is apart from its id, predecessor, time and payload: its AWS type, details member, shape and state name,
/// and what builds its details on read. Immutable; one per kind of event of a state (see <see cref="EventHeads"/>).
/// </summary>
internal sealed class EventHead(string type, string? detailsName, EventShape shape, string? name, object? extra, int? timeout = null, int? heartbeat = null)
{
    public string Type { get; } = type;

    public string? DetailsName { get; } = detailsName;

    public EventShape Shape { get; } = shape;

    public string? Name { get; } = name;

    /// <summary>The task's <see cref="ITaskEventDetails"/>, a details object, or <see cref="ExecutionStartedFacts"/>.</summary>
    public object? Extra { get; } = extra;

    public int? Timeout { get; } = timeout;

    public int? Heartbeat { get; } = heartbeat;

    /// <summary>ExecutionSucceeded, the same for every execution.</summary>
    public static EventHead ExecutionSucceeded { get; } = new("ExecutionSucceeded", "executionSucceededEventDetails", EventShape.ExecutionSucceeded, null, null);
}

/// <summary>The entered/exited event heads of one state, made by the parser with the state.</summary>
internal sealed class EventHeads(string stateType, string stateName)
{
    public EventHead Entered { get; } = new(Details.Entered(stateType), "stateEnteredEventDetails", EventShape.StateEntered, stateName, null);

    public EventHead Exited { get; } = new(Details.Exited(stateType), "stateExitedEventDetails", EventShape.StateExited, stateName, null);
}

/// <summary>What ExecutionStarted's details say besides the input.</summary>
internal sealed record ExecutionStartedFacts(string RoleArn, string StateMachineArn)
{
    public JsonObject Details(string input) => new()
    {
        ["input"] = input,
        ["inputDetails"] = new JsonObject { ["truncated"] = false },
        ["roleArn"] = RoleArn,
        ["stateMachineArn"] = StateMachineArn,
    };
}
