using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// One unit of work, at any depth: the execution itself (the root unit), a Parallel branch or a Map iteration. A unit runs
/// the states of one block in order. Its progress (the state it is in and that state's input, or its output once it
/// succeeded, and the units of the Parallel or Map attempt it is running) is what a checkpoint keeps and a redrive resumes
/// from: an execution's checkpoint is its root unit's progress as text (<see cref="UnitCheckpoint"/>). AWS redrives only
/// the branches and iterations that failed or were aborted, each from the state it stopped in.
/// </summary>
/// <remarks>Written only by the task that runs the unit; read once all units below it have ended.</remarks>
internal sealed class Unit
{
    // The units a stopped run left in State's Parallel or Map attempt, for its first attempt after a redrive or restart.
    private UnitSet? restored;

    // True from being restored until the unit enters its first state, whose restored units the checkpoint keeps till then.
    private bool resuming;

    private Unit(bool isRoot, long lastEventId, int? mapIndex, JsonNode? mapItem)
    {
        IsRoot = isRoot;
        LastEventId = lastEventId;
        MapIndex = mapIndex;
        MapItem = mapItem;
    }

    /// <summary>True for the execution itself, whose progress is checkpointed in the store.</summary>
    public bool IsRoot { get; }

    /// <summary>The state of the unit's block it is in (or about to run); null before its first state.</summary>
    public string? State { get; private set; }

    /// <summary>That state's input, in the run's history.</summary>
    public Payload Input { get; private set; }

    /// <summary>True once the unit has run to its end.</summary>
    public bool Succeeded { get; private set; }

    /// <summary>The unit's output in the run's history, once it succeeded.</summary>
    public Payload Output { get; private set; }

    /// <summary>When <see cref="State"/> is a Parallel or Map: the units of its current attempt.</summary>
    public UnitSet? Children { get; private set; }

    /// <summary>The id of the unit's last event (each event's previousEventId).</summary>
    public long LastEventId { get; set; }

    /// <summary>In a Map iteration: the item's index (the context object's <c>Map.Item.Index</c>).</summary>
    public int? MapIndex { get; private set; }

    /// <summary>In a Map iteration: the item (the context object's <c>Map.Item.Value</c>; read only).</summary>
    public JsonNode? MapItem { get; private set; }

    /// <summary>The execution's own unit: at <paramref name="state"/> with its input and what a stopped run left there.</summary>
    public static Unit Root(string state, Payload input, UnitSet? restored, long lastEventId) =>
        new(isRoot: true, lastEventId, null, null) { State = state, Input = input, restored = restored, Children = restored, resuming = true };

    /// <summary>A branch or iteration that starts from its block's first state.</summary>
    public static Unit Fresh(long lastEventId, int? mapIndex, JsonNode? mapItem) => new(isRoot: false, lastEventId, mapIndex, mapItem);

    /// <summary>A unit as a checkpoint kept it: succeeded with its output.</summary>
    public static Unit RestoredSucceeded(Payload output) => new(isRoot: false, 0, null, null) { Succeeded = true, Output = output };

    /// <summary>A unit as a checkpoint kept it: stopped in <paramref name="state"/> with its input and its own restored units.</summary>
    public static Unit RestoredAt(string state, Payload input, UnitSet? restored) =>
        new(isRoot: false, 0, null, null) { State = state, Input = input, restored = restored, Children = restored };

    /// <summary>This restored unit, set to resume in a new attempt as its branch or iteration.</summary>
    public Unit Resume(long lastEventId, int? mapIndex, JsonNode? mapItem)
    {
        LastEventId = lastEventId;
        MapIndex = mapIndex;
        MapItem = mapItem;
        resuming = true;
        return this;
    }

    /// <summary>Moves the unit to <paramref name="state"/>; a resumed unit keeps its restored units for that first state.</summary>
    public void Enter(string state, Payload input)
    {
        if (!resuming)
        {
            Children = null;
            restored = null;
        }

        resuming = false;
        State = state;
        Input = input;
    }

    /// <summary>
    /// Starts the units of a Parallel or Map attempt in the current state: a new set for this attempt and, on the first
    /// attempt after a redrive, what the stopped run left of them (null otherwise).
    /// </summary>
    public UnitAttempt BeginAttempt()
    {
        var left = restored;
        restored = null;
        Children = new UnitSet();
        return new UnitAttempt(Children, left);
    }

    public void Succeed(Payload output)
    {
        Output = output;
        Succeeded = true;
        Children = null;
    }
}

/// <summary>
/// The start of one Parallel or Map attempt: the set its units go into and what a stopped run left of them. Unit
/// <c>i</c> reuses a restored unit that succeeded (its output; it runs no state), resumes one that stopped in a state, or
/// starts fresh.
/// </summary>
internal readonly record struct UnitAttempt(UnitSet Live, UnitSet? Restored)
{
    /// <summary>Unit <paramref name="index"/>, registered in <see cref="Live"/>; its events follow <paramref name="started"/>.</summary>
    public Unit Prepare(int index, Model.StatesBlock block, long started, int? mapIndex = null, JsonNode? mapItem = null)
    {
        var unit = Restored?.Units.GetValueOrDefault(index) switch
        {
            { Succeeded: true } done => done,
            { State: { } state } left when block.States.ContainsKey(state) => left.Resume(started, mapIndex, mapItem),
            _ => Unit.Fresh(started, mapIndex, mapItem),
        };
        Live.Units[index] = unit;
        return unit;
    }
}

/// <summary>The units of one Parallel or Map attempt, by branch or item index (filled before they run, read after).</summary>
internal sealed class UnitSet
{
    public Dictionary<int, Unit> Units { get; } = [];
}
