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
    JsonObject? Details);

/// <summary>Collects the events of one execution run with AWS ids; thread-safe because Map and Parallel run concurrently.</summary>
internal sealed class HistoryRecorder(long lastId, IEngineClock clock)
{
    private readonly Lock gate = new();
    private readonly List<HistoryEvent> pending = [];
    private long nextId = lastId + 1;

    public long LastId
    {
        get
        {
            lock (gate)
            {
                return nextId - 1;
            }
        }
    }

    /// <summary>Appends an event; <paramref name="previous"/> is the causal predecessor's id (0 for none).</summary>
    public long Add(string type, long previous, string? detailsName = null, JsonObject? details = null)
    {
        lock (gate)
        {
            var id = nextId++;
            pending.Add(new HistoryEvent(id, previous, type, clock.UtcNow, detailsName, details));
            return id;
        }
    }

    /// <summary>Takes the events recorded since the last call (for persistence).</summary>
    public List<HistoryEvent> Drain()
    {
        lock (gate)
        {
            var result = new List<HistoryEvent>(pending);
            pending.Clear();
            return result;
        }
    }
}

/// <summary>The AWS names of history detail members, kept in one place.</summary>
internal static class Details
{
    public static JsonObject StateEntered(string name, string input) => new() { ["name"] = name, ["input"] = input, ["inputDetails"] = new JsonObject { ["truncated"] = false } };

    public static JsonObject StateExited(string name, string output) => new() { ["name"] = name, ["output"] = output, ["outputDetails"] = new JsonObject { ["truncated"] = false } };

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
}
