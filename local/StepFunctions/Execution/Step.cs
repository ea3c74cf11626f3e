using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>One state being run: the state, its input, the unit it runs in, the run, and when it was entered.</summary>
internal readonly record struct Step(StateDefinition State, StateValue Input, Unit Unit, Run Run, DateTimeOffset Entered, CancellationToken Cancellation)
{
    /// <summary>The 256 KB limit on a state's output (UTF-8 bytes).</summary>
    public const int PayloadLimitBytes = 262_144;

    /// <summary>Records an event after the unit's last one.</summary>
    public void Record(EventHead head, Payload payload = default) => Unit.LastEventId = Run.History.Add(head, Unit.LastEventId, payload);

    /// <summary>Records an event with details made now (the Parallel and Map events) after the unit's last one.</summary>
    public void Record(string type, string? detailsName = null, JsonObject? details = null) =>
        Unit.LastEventId = Run.History.Add(type, Unit.LastEventId, detailsName, details);

    /// <summary>The context object of this attempt, or null when no field of the state reads it and no task token is handed out.</summary>
    public JsonObject? Context(int retryCount = 0, string? taskToken = null) =>
        State.UsesContext || taskToken is not null ? ContextObject.Build(Run, Unit, State.Name, Entered, retryCount, taskToken) : null;

    /// <summary>Leaves the state with <paramref name="output"/>: the size limit, the exited event, and the next state (null at the end).</summary>
    public Transition Exit(StateValue output, string? next)
    {
        Record(State.Heads.Exited, WriteOutput(output));
        return new Transition(State.End || State is SucceedState ? null : next, output);
    }

    /// <summary>Leaves the state through a Catch to <paramref name="next"/>.</summary>
    public Transition ExitCaught(StateValue output, string next)
    {
        Record(State.Heads.Exited, WriteOutput(output));
        return new Transition(next, output);
    }

    private Payload WriteOutput(StateValue output)
    {
        var fresh = output.Payload is null;
        var payload = output.Write(Run.History);
        if (payload.Length <= PayloadLimitBytes)
        {
            return payload;
        }

        if (fresh)
        {
            Run.History.Discard(payload);
        }

        throw new StatesException(
            StatesErrors.DataLimitExceeded,
            string.Create(CultureInfo.InvariantCulture, $"The state/task '{State.Name}' returned a result with a size exceeding the maximum number of bytes service limit."));
    }
}

/// <summary>Where a state leaves to (null at the end of its block) and its output, the next state's input.</summary>
internal readonly record struct Transition(string? Next, StateValue Output);
