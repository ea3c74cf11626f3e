using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Parallel and inline Map states: branches and iterations run concurrently; the first failure cancels the rest.</summary>
internal sealed partial class Interpreter
{
    private async Task<JsonNode?> RunParallelAsync(ParallelState state, JsonNode? effective, RunContext run, BranchScope scope, JsonObject? context, UnitTracking units, CancellationToken ct)
    {
        var input = state.Parameters is { } p ? p.Evaluate(effective, context) : effective;
        scope.LastEventId = run.History.Add("ParallelStateStarted", scope.LastEventId);
        var started = scope.LastEventId;
        var results = await RunAllAsync(
            state.Branches.Count,
            maxConcurrency: 0,
            units.Wrap(run, (i, progress, resume, token) =>
            {
                var branch = state.Branches[i];
                var branchScope = UnitScope(branch, started, progress, resume, null, null);
                return RunUnitAsync(branch, branchScope.ResumeState is null ? JsonValues.Clone(input) : JsonValues.Clone(resume!.Input), run, branchScope, token);
            }),
            onFailure: null,
            () => scope.LastEventId = run.History.Add("ParallelStateFailed", scope.LastEventId),
            ct);
        scope.LastEventId = run.History.Add("ParallelStateSucceeded", scope.LastEventId);
        return new JsonArray(results);
    }

    private async Task<JsonNode?> RunMapAsync(MapState state, JsonNode? effective, RunContext run, BranchScope scope, JsonObject? context, UnitTracking units, CancellationToken ct)
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
            units.Wrap(run, async (i, progress, resume, token) =>
            {
                var iterationScope = UnitScope(state.ItemProcessor, started, progress, resume, i, snapshot[i]);
                // A resumed iteration starts at the state it stopped in, with that state's input: its ItemSelector ran before.
                var iterationInput = iterationScope.ResumeState is not null ? JsonValues.Clone(resume!.Input)
                    : state.Parameters is { } selector ? selector.Evaluate(effective, run.BuildContext(state.Name, clock.UtcNow, 0, iterationScope, null))
                    : JsonValues.Clone(snapshot[i]);
                iterationScope.LastEventId = run.History.Add("MapIterationStarted", iterationScope.LastEventId, "mapIterationStartedEventDetails", Iteration(state.Name, i));
                var output = await RunUnitAsync(state.ItemProcessor, iterationInput, run, iterationScope, token);
                run.History.Add("MapIterationSucceeded", iterationScope.LastEventId, "mapIterationSucceededEventDetails", Iteration(state.Name, i));
                return output;
            }),
            onFailure: i => run.History.Add("MapIterationFailed", started, "mapIterationFailedEventDetails", Iteration(state.Name, i)),
            () => scope.LastEventId = run.History.Add("MapStateFailed", scope.LastEventId),
            ct);
        scope.LastEventId = run.History.Add("MapStateSucceeded", scope.LastEventId);
        return new JsonArray(results);
    }

    /// <summary>The scope of one branch/iteration; a resumed unit hands the saved units of its resume state to that state's first attempt.</summary>
    private static BranchScope UnitScope(StatesBlock block, long started, UnitProgress progress, SavedUnit? resume, int? itemIndex, JsonNode? itemValue) => new()
    {
        LastEventId = started,
        MapItemIndex = itemIndex,
        MapItemValue = itemValue,
        Progress = progress,
        ResumeState = ResumeState(block, resume),
        ResumeUnits = ResumeState(block, resume) is null ? null : resume!.Units,
    };

    /// <summary>The state a redriven unit resumes at: the one it failed or was stopped in (null: run it from its start).</summary>
    private static string? ResumeState(StatesBlock block, SavedUnit? resume) =>
        resume is { Succeeded: false, State: { } name } && block.States.ContainsKey(name) ? name : null;

    /// <summary>
    /// Runs one branch/iteration from its start or, redriven, from the state it stopped in with that state's input and fresh
    /// retry counts: the states before it succeeded and are not run again.
    /// </summary>
    private async Task<JsonNode?> RunUnitAsync(StatesBlock block, JsonNode? input, RunContext run, BranchScope scope, CancellationToken ct)
    {
        var output = await RunBlockAsync(block, scope.ResumeState ?? block.StartAt, input, run, scope, topLevel: false, ct);
        scope.Progress!.Succeed(scope.LastOutput ?? run.History.Write(output));
        return output;
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

/// <summary>
/// The units of one Parallel or Map attempt: each is recorded in <see cref="Live"/> as it runs (for a later redrive) and,
/// on the first attempt after a redrive, <see cref="Reuse"/> says which succeeded (their output is reused, they do not run
/// again) and where the others stopped (they resume there). AWS reruns only the branches and iterations that failed or aborted.
/// </summary>
internal sealed record UnitTracking(IReadOnlyDictionary<int, SavedUnit>? Reuse, UnitSet Live)
{
    public Func<int, CancellationToken, Task<JsonNode?>> Wrap(RunContext run, Func<int, UnitProgress, SavedUnit?, CancellationToken, Task<JsonNode?>> unit) =>
        (i, ct) => RunAsync(i, run, unit, ct);

    private Task<JsonNode?> RunAsync(int index, RunContext run, Func<int, UnitProgress, SavedUnit?, CancellationToken, Task<JsonNode?>> unit, CancellationToken ct)
    {
        var progress = new UnitProgress();
        Live.Units[index] = progress;
        SavedUnit? saved = null;
        if (Reuse is not null && Reuse.TryGetValue(index, out saved) && saved.Succeeded)
        {
            progress.Succeed(run.History.Write(saved.Output));
            return Task.FromResult(JsonValues.Clone(saved.Output));
        }

        return unit(index, progress, saved, ct);
    }
}
