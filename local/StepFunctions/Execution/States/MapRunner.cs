using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Map (inline): one iteration per item of ItemsPath, each on its ItemSelector (or the item); the result is the array of their outputs.</summary>
internal sealed class MapRunner(Interpreter interpreter, IEngineClock clock) : IStateAttempt
{
    public async ValueTask<StateValue> AttemptAsync(Step step, int retryCount)
    {
        var state = (MapState)step.State;
        var effective = state.Flow.Effective(step.Input);
        var attempt = step.Unit.BeginAttempt();
        var items = Items(state, effective.Node);
        var maxConcurrency = MaxConcurrency(state, effective.Node);
        step.Record("MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        var started = step.Unit.LastEventId;

        // Each iteration gets its own copy of its item; ItemSelectors read one copy of the effective input, made before
        // the iterations run concurrently (a parsed node builds its children on first read).
        var snapshot = items.Select(JsonValues.Clone).ToArray();
        var selectorInput = state.ItemSelector is null ? null : JsonValues.Clone(effective.Node);
        var units = snapshot.Select((item, i) => attempt.Prepare(i, state.ItemProcessor, started, i, item)).ToList();
        var outputs = await UnitFanout.RunAsync(
            new FanoutRun(
                units,
                maxConcurrency,
                step.Run,
                (i, unit, ct) => RunIterationAsync(step, unit, i, unit.State is null ? IterationInput(step, state, unit, selectorInput) : null, ct),
                i => step.Run.History.Add("MapIterationFailed", started, "mapIterationFailedEventDetails", Iteration(state.Name, i)),
                () => step.Record("MapStateFailed")),
            step.Cancellation);
        step.Record("MapStateSucceeded");
        return UnitFanout.Array(outputs, step.Run);
    }

    private async Task<StateValue> RunIterationAsync(Step step, Unit unit, int index, StateValue? input, CancellationToken ct)
    {
        var state = (MapState)step.State;
        unit.LastEventId = step.Run.History.Add("MapIterationStarted", unit.LastEventId, "mapIterationStartedEventDetails", Iteration(state.Name, index));
        var output = await interpreter.RunUnitAsync(state.ItemProcessor, unit, input!, step.Run, ct);
        step.Run.History.Add("MapIterationSucceeded", unit.LastEventId, "mapIterationSucceededEventDetails", Iteration(state.Name, index));
        return output;
    }

    /// <summary>A fresh iteration's input: its ItemSelector (with the item in the context object), else its item.</summary>
    private StateValue IterationInput(Step step, MapState state, Unit unit, JsonNode? selectorInput) => state.ItemSelector is { } selector
        ? StateValue.Of(selector.Evaluate(selectorInput, ContextObject.Build(step.Run, unit, state.Name, clock.UtcNow, 0, null)))
        : StateValue.Of(JsonValues.Clone(unit.MapItem));

    private static JsonArray Items(MapState state, JsonNode? effective)
    {
        JsonNode? itemsNode = effective;
        if (state.ItemsPath is { } itemsPath && !itemsPath.TryEvaluate(effective, out itemsNode))
        {
            throw new StatesException(StatesErrors.Runtime, $"Invalid path '{itemsPath.Text}' : The ItemsPath could not be found in the input '{JsonValues.Serialize(effective)}'");
        }

        return itemsNode as JsonArray
            ?? throw new StatesException(StatesErrors.Runtime, $"Map state input must be an array, got '{JsonValues.Serialize(itemsNode)}'");
    }

    private static int MaxConcurrency(MapState state, JsonNode? effective)
    {
        if (state.MaxConcurrencyPath is not { } path)
        {
            return state.MaxConcurrency;
        }

        return path.TryEvaluate(effective, out var value) && JsonValues.TryGetInteger(value, out var max) && max >= 0
            ? (int)max
            : throw new StatesException(StatesErrors.Runtime, $"The MaxConcurrencyPath '{path.Text}' does not reference a non-negative integer.");
    }

    private static JsonObject Iteration(string name, int index) => new() { ["name"] = name, ["index"] = index };
}
