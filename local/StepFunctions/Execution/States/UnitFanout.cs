using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution.Flow;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>
/// The units of one Parallel or Map attempt (see <see cref="UnitAttempt"/>), run concurrently with bounded concurrency; the
/// first failure cancels the others and is the attempt's error.
/// </summary>
internal static class UnitFanout
{
    /// <summary>Runs the units; the outputs in index order, or the first unit's StatesException after <see cref="FanoutRun.OnFailed"/>.</summary>
    public static async Task<StateValue[]> RunAsync(FanoutRun fanout, CancellationToken ct)
    {
        var units = fanout.Units;
        var results = new StateValue[units.Count];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(fanout.MaxConcurrency <= 0 ? Math.Max(units.Count, 1) : fanout.MaxConcurrency);
        StatesException? firstFailure = null;
        var tasks = Enumerable.Range(0, units.Count).Select(async i =>
        {
            await gate.WaitAsync(cts.Token);
            try
            {
                results[i] = units[i].Succeeded ? StateValue.Written(fanout.Run.History, units[i].Output) : await fanout.RunUnit(i, units[i], cts.Token);
            }
            catch (StatesException e)
            {
                Interlocked.CompareExchange(ref firstFailure, e, null);
                fanout.OnUnitFailed?.Invoke(i);
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
            fanout.OnFailed();
            throw new StatesException(firstFailure.Error, firstFailure.Cause);
        }

        return results;
    }

    /// <summary>The outputs as one JSON array: their texts joined (fast paths on), else their nodes.</summary>
    public static StateValue Array(StateValue[] outputs, Run run) =>
        run.FastPaths ? ByteSplice.Array(outputs) : StateValue.Of(new JsonArray([.. outputs.Select(o => o.TakeNode())]));
}

/// <summary>What <see cref="UnitFanout.RunAsync"/> runs: the prepared units, how to run one, and the events of a failure.</summary>
internal sealed record FanoutRun(
    IReadOnlyList<Unit> Units,
    int MaxConcurrency,
    Run Run,
    Func<int, Unit, CancellationToken, Task<StateValue>> RunUnit,
    Action<int>? OnUnitFailed,
    Action OnFailed);
