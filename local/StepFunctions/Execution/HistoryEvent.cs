using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// One execution history event as GetExecutionHistory returns it: <c>type</c> is the AWS event name
/// (<c>TaskStateEntered</c>, ...), <see cref="DetailsName"/> the AWS member that carries the details
/// (<c>stateEnteredEventDetails</c>, ...), or null when the event has none.
/// </summary>
public sealed record HistoryEvent(
    long Id,
    long PreviousEventId,
    string Type,
    DateTimeOffset Timestamp,
    string? DetailsName,
    JsonObject? Details)
{
    // Most events are state entered/exited with a name and a payload text: kept compact (the text is shared with the
    // neighbouring event) and turned into a JSON object only when someone reads the history.
    private readonly JsonObject? details = Details;
    private readonly EventDetails? compact;

    internal HistoryEvent(long id, long previousEventId, string type, DateTimeOffset timestamp, string? detailsName, EventDetails? compact)
        : this(id, previousEventId, type, timestamp, detailsName, (JsonObject?)null) => this.compact = compact;

    /// <summary>The details object (a fresh copy for compact events; callers may modify it).</summary>
    public JsonObject? Details
    {
        get => details ?? compact?.ToJsonObject();
        init => details = value;
    }

    /// <summary>The compact details, when the event was recorded by the engine in this process.</summary>
    internal EventDetails? Compact => details is null ? compact : null;
}

/// <summary>Event details kept without building JSON nodes on the hot path.</summary>
internal abstract class EventDetails
{
    public abstract JsonObject ToJsonObject();
}

/// <summary><c>stateEnteredEventDetails</c> / <c>stateExitedEventDetails</c> and the execution's succeeded details.</summary>
internal sealed class PayloadDetails(string? name, string member, string payload) : EventDetails
{
    public string? Name { get; } = name;

    /// <summary><c>input</c> or <c>output</c>.</summary>
    public string Member { get; } = member;

    public string Payload { get; } = payload;

    public override JsonObject ToJsonObject()
    {
        var obj = new JsonObject();
        if (Name is not null)
        {
            obj["name"] = Name;
        }

        obj[Member] = Payload;
        obj[Member + "Details"] = new JsonObject { ["truncated"] = false };
        return obj;
    }
}

/// <summary>The AWS names of history events and detail members, kept in one place (and interned: no string per event).</summary>
internal static class Details
{
    public static PayloadDetails StateEntered(string name, string input) => new(name, "input", input);

    public static PayloadDetails StateExited(string name, string output) => new(name, "output", output);

    public static PayloadDetails ExecutionSucceeded(string output) => new(null, "output", output);

    public static JsonObject ErrorCause(string? error, string? cause)
    {
        var obj = new JsonObject();
        if (error is not null)
        {
            obj["error"] = error;
        }

        if (cause is not null)
        {
            obj["cause"] = cause;
        }

        return obj;
    }

    public static string Entered(string stateType) => stateType switch
    {
        "Pass" => "PassStateEntered",
        "Task" => "TaskStateEntered",
        "Choice" => "ChoiceStateEntered",
        "Wait" => "WaitStateEntered",
        "Succeed" => "SucceedStateEntered",
        "Fail" => "FailStateEntered",
        "Parallel" => "ParallelStateEntered",
        "Map" => "MapStateEntered",
        _ => stateType + "StateEntered",
    };

    public static string Exited(string stateType) => stateType switch
    {
        "Pass" => "PassStateExited",
        "Task" => "TaskStateExited",
        "Choice" => "ChoiceStateExited",
        "Wait" => "WaitStateExited",
        "Succeed" => "SucceedStateExited",
        "Parallel" => "ParallelStateExited",
        "Map" => "MapStateExited",
        _ => stateType + "StateExited",
    };
}

/// <summary>A run's history events not yet persisted: a range of one recorder's events (materialized only when needed).</summary>
public sealed class HistorySlice
{
    internal HistorySlice(HistoryRecorder recorder, int from, int to)
    {
        Recorder = recorder;
        From = from;
        To = to;
    }

    internal HistoryRecorder Recorder { get; }

    internal int From { get; }

    internal int To { get; }

    /// <summary>How many events the slice holds.</summary>
    public int Count => To - From;

    /// <summary>The events as objects.</summary>
    public IReadOnlyList<HistoryEvent> ToEvents() => Recorder.Materialize(From, To);
}
