using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Parallel and inline Map states: branches and iterations run concurrently; the first failure cancels the rest.</summary>
internal sealed partial class Interpreter
{
    private async Task<JsonNode?> RunParallelAsync(ParallelState state, JsonNode? effective, RunContext run, BranchScope scope, JsonObject? context, UnitTracking? units, CancellationToken ct)
    {
        var input = state.Parameters is { } p ? p.Evaluate(effective, context) : effective;
        scope.LastEventId = run.History.Add("ParallelStateStarted", scope.LastEventId);
        var started = scope.LastEventId;
        var results = await RunAllAsync(
            state.Branches.Count,
            maxConcurrency: 0,
            UnitTracking.Wrap(units, (i, token) => RunBlockAsync(state.Branches[i], state.Branches[i].StartAt, JsonValues.Clone(input), run, new BranchScope { LastEventId = started }, topLevel: false, token)),
            onFailure: null,
            () => scope.LastEventId = run.History.Add("ParallelStateFailed", scope.LastEventId),
            ct);
        scope.LastEventId = run.History.Add("ParallelStateSucceeded", scope.LastEventId);
        return new JsonArray(results);
    }

    private async Task<JsonNode?> RunMapAsync(MapState state, JsonNode? effective, RunContext run, BranchScope scope, JsonObject? context, UnitTracking? units, CancellationToken ct)
    {
        JsonNode? itemsNode = effective;
        if (state.ItemsPath is { } itemsPath && !itemsPath.TryEvaluate(effective, out itemsNode))
        {
            throw new StatesException(StatesErrors.Runtime, $"Invalid path '{itemsPath.Text}' : The ItemsPath could not be found in the input '{JsonValues.Serialize(effective)}'");
        }

        if (itemsNode is not JsonArray items)
        {
            throw new StatesException(StatesErrors.Runtime, $"Map state input must be an array, got '{JsonValues.Serialize(itemsNode)}'");
        }

        var maxConcurrency = state.MaxConcurrency;
        if (state.MaxConcurrencyPath is { } mcp)
        {
            maxConcurrency = mcp.TryEvaluate(effective, out var mc) && JsonValues.TryGetInteger(mc, out var m) && m >= 0
                ? (int)m
                : throw new StatesException(StatesErrors.Runtime, $"The MaxConcurrencyPath '{mcp.Text}' does not reference a non-negative integer.");
        }

        scope.LastEventId = run.History.Add("MapStateStarted", scope.LastEventId, "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        var started = scope.LastEventId;
        var snapshot = items.Select(JsonValues.Clone).ToArray();
        var results = await RunAllAsync(
            snapshot.Length,
            maxConcurrency,
            UnitTracking.Wrap(units, async (i, token) =>
            {
                var iterationScope = new BranchScope { LastEventId = started, MapItemIndex = i, MapItemValue = snapshot[i] };
                var iterationInput = state.Parameters is { } selector
                    ? selector.Evaluate(effective, run.BuildContext(state.Name, clock.UtcNow, 0, iterationScope, null))
                    : JsonValues.Clone(snapshot[i]);
                iterationScope.LastEventId = run.History.Add("MapIterationStarted", iterationScope.LastEventId, "mapIterationStartedEventDetails", Iteration(state.Name, i));
                var output = await RunBlockAsync(state.ItemProcessor, state.ItemProcessor.StartAt, iterationInput, run, iterationScope, topLevel: false, token);
                run.History.Add("MapIterationSucceeded", iterationScope.LastEventId, "mapIterationSucceededEventDetails", Iteration(state.Name, i));
                return output;
            }),
            onFailure: i => run.History.Add("MapIterationFailed", started, "mapIterationFailedEventDetails", Iteration(state.Name, i)),
            () => scope.LastEventId = run.History.Add("MapStateFailed", scope.LastEventId),
            ct);
        scope.LastEventId = run.History.Add("MapStateSucceeded", scope.LastEventId);
        return new JsonArray(results);
    }

    private static JsonObject Iteration(string name, int index) => new() { ["name"] = name, ["index"] = index };

    /// <summary>Runs <paramref name="count"/> units with bounded concurrency; the first StatesException cancels the others and is rethrown.</summary>
    private static async Task<JsonNode?[]> RunAllAsync(
        int count, int maxConcurrency, Func<int, CancellationToken, Task<JsonNode?>> unit, Action<int>? onFailure, Action onFailed, CancellationToken ct)
    {
        var results = new JsonNode?[count];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(maxConcurrency <= 0 ? Math.Max(count, 1) : maxConcurrency);
        StatesException? firstFailure = null;
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cts.Token);
            try
            {
                results[i] = await unit(i, cts.Token);
            }
            catch (StatesException e)
            {
                Interlocked.CompareExchange(ref firstFailure, e, null);
                onFailure?.Invoke(i);
                await cts.CancelAsync();
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (firstFailure is not null && !ct.IsCancellationRequested)
        {
            // Siblings cancelled because one unit failed: the failure below is what the state reports.
        }

        if (firstFailure is not null)
        {
            onFailed();
            throw new StatesException(firstFailure.Error, firstFailure.Cause);
        }

        return results;
    }
}

/// <summary>The succeeded units of a top-level Parallel/Map attempt, and those a redrive reuses instead of rerunning.</summary>
internal sealed record UnitTracking(IReadOnlyDictionary<int, JsonNode?>? Reuse, System.Collections.Concurrent.ConcurrentDictionary<int, JsonNode?> Completed)
{
    public static Func<int, CancellationToken, Task<JsonNode?>> Wrap(UnitTracking? tracking, Func<int, CancellationToken, Task<JsonNode?>> unit) =>
        tracking is null ? unit : (i, ct) => tracking.RunAsync(i, unit, ct);

    private async Task<JsonNode?> RunAsync(int index, Func<int, CancellationToken, Task<JsonNode?>> unit, CancellationToken ct)
    {
        JsonNode? output;
        if (Reuse is not null && Reuse.TryGetValue(index, out var kept))
        {
            output = JsonValues.Clone(kept);
        }
        else
        {
            output = await unit(index, ct);
        }

        Completed[index] = JsonValues.Clone(output);
        return output;
    }
}
