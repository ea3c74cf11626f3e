using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Retry and Catch for Task, Parallel and Map states.</summary>
internal sealed partial class Interpreter
{
    private async ValueTask<(string? Next, JsonNode? Output)> RunWithErrorHandlingAsync(
        ResultStateDefinition state, JsonNode? data, bool stale, Payload dataPayload, DateTimeOffset entered, RunContext run, BranchScope scope,
        Func<int, string?, JsonObject?> context, CancellationToken ct)
    {
        // The input node, parsed from the history bytes when the previous state ran on bytes only.
        JsonNode? Data()
        {
            if (stale)
            {
                data = JsonValues.Parse(run.History.Bytes(dataPayload).Span);
                stale = false;
            }

            return data;
        }

        // A Lambda function Task whose paths are all defaults runs on bytes: payload in, response bytes spliced into the output.
        var plan = fastPaths && state is TaskState onBytesTask && EventsFor(onBytesTask).ReadsPayloadOnly ? BytePlan.For(state) : null;
        var onBytes = plan is { Kind: not BytePlanKind.None };
        int[] retryCounts = state.Retry.Count == 0 ? [] : new int[state.Retry.Count];
        var attempt = 0;
        while (true)
        {
            try
            {
                // Parameters made of constants and top-level input members are spliced from the input bytes; an input
                // without such a member takes the node path, which raises the error.
                var bytesParameters = onBytes && plan!.Parameters is { } parts ? run.History.WriteTemplate(dataPayload, parts) : null;
                var attemptOnBytes = onBytes && (plan!.Parameters is null || bytesParameters is not null);
                var effective = attemptOnBytes ? null : state.InputPath.Select(Data(), "InputPath");
                JsonNode? result;
                if (state is TaskState task)
                {
                    var (node, raw) = await RunTaskAsync(
                        task, effective, attemptOnBytes || ReferenceEquals(effective, data) ? dataPayload : null, attemptOnBytes, bytesParameters, run, scope, attempt, context, ct);
                    if (raw is { } rawPayload)
                    {
                        Payload? output = plan!.Kind switch
                        {
                            BytePlanKind.Identity => dataPayload,
                            BytePlanKind.Replace => rawPayload,
                            _ => run.History.WriteWithMember(dataPayload, plan.Name, plan.Member, run.History.Bytes(rawPayload).Span),
                        };
                        if (output is { } bytesOutput)
                        {
                            return (ExitOnBytes(state, state.Next, bytesOutput, dataPayload, run, scope), null);
                        }

                        node = JsonValues.Parse(run.History.Bytes(rawPayload).Span);
                    }

                    result = node;
                }
                else
                {
                    result = state switch
                    {
                        ParallelState parallel => await RunParallelAsync(parallel, effective, run, scope, context(attempt, null), TrackUnits(run, scope, state.Name), ct),
                        MapState map => await RunMapAsync(map, effective, run, scope, context(attempt, null), TrackUnits(run, scope, state.Name), ct),
                        _ => throw new StatesException(StatesErrors.Runtime, $"Unsupported state type {state.Type}"),
                    };
                }

                if (state.ResultSelector is { } selector)
                {
                    result = selector.Evaluate(result, context(attempt, null));
                }

                var input = state.Catch.Count > 0 ? JsonValues.Clone(Data()) : Data();
                return Exit(state, state.Next, Output(state, input, result), run, scope);
            }
            catch (StatesException error) when (!ct.IsCancellationRequested)
            {
                var retrierIndex = FindMatch(state.Retry.Select(r => r.ErrorEquals), error.Error);
                if (retrierIndex >= 0 && retryCounts[retrierIndex] < state.Retry[retrierIndex].MaxAttempts)
                {
                    var delay = RetryDelay(state.Retry[retrierIndex], retryCounts[retrierIndex]);
                    retryCounts[retrierIndex]++;
                    attempt++;
                    await clock.DelayAsync(delay, ct);
                    continue;
                }

                var catcherIndex = FindMatch(state.Catch.Select(c => c.ErrorEquals), error.Error);
                if (catcherIndex < 0)
                {
                    throw;
                }

                var catcher = state.Catch[catcherIndex];
                var errorOutput = new JsonObject { ["Error"] = error.Error, ["Cause"] = error.Cause };
                var output = ApplyResultPath(catcher.ResultPath, Data(), errorOutput);
                return ExitCaught(state, catcher.Next, output, run, scope);
            }
        }
    }

    /// <summary>
    /// For a Parallel or Map attempt at any depth: where its branches/iterations are recorded for a later redrive and, on
    /// the first attempt after a redrive, what the stopped run left of them (AWS reruns only those that failed or aborted).
    /// </summary>
    private static UnitTracking TrackUnits(RunContext run, BranchScope scope, string stateName)
    {
        var live = new UnitSet();
        IReadOnlyDictionary<int, SavedUnit>? reuse = null;
        if (scope.IsTopLevel)
        {
            if (run.RedriveUnits is { } units && run.RedriveState == stateName)
            {
                reuse = units;
                run.RedriveUnits = null;
            }

            run.CompletedUnits = live;
        }
        else
        {
            if (scope.ResumeUnits is { } units && scope.ResumeState == stateName)
            {
                reuse = units;
                scope.ResumeUnits = null;
            }

            if (scope.Progress is { } progress)
            {
                progress.Units = live;
            }
        }

        return new UnitTracking(reuse, live);
    }

    private static (string? Next, JsonNode? Output) ExitCaught(StateDefinition state, string next, JsonNode? output, RunContext run, BranchScope scope)
    {
        scope.LastOutput = WriteOutput(output, state, run, out output);
        scope.LastEventId = run.History.Add(EventHeads.For(state).Exited, scope.LastEventId, scope.LastOutput.Value);
        return (next, output);
    }

    /// <summary>
    /// The first rule whose ErrorEquals names the error. <c>States.ALL</c> matches every error and <c>States.TaskFailed</c>
    /// every error but <c>States.Timeout</c>; neither matches the terminal <c>States.Runtime</c> and <c>States.DataLimitExceeded</c>,
    /// which only an exact name catches.
    /// </summary>
    internal static int FindMatch(IEnumerable<IReadOnlyList<string>> rules, string error)
    {
        var terminal = error is StatesErrors.Runtime or StatesErrors.DataLimitExceeded;
        var index = 0;
        foreach (var names in rules)
        {
            foreach (var name in names)
            {
                if (name == error ||
                    (!terminal && name == StatesErrors.All) ||
                    (!terminal && name == StatesErrors.TaskFailed && error != StatesErrors.Timeout && error != StatesErrors.HeartbeatTimeout))
                {
                    return index;
                }
            }

            index++;
        }

        return -1;
    }

    /// <summary>IntervalSeconds × BackoffRate^retry, capped by MaxDelaySeconds; FULL jitter draws uniformly from [0, that].</summary>
    internal static TimeSpan RetryDelay(Retrier retrier, int retriesSoFar)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, retriesSoFar);
        if (retrier.MaxDelaySeconds is { } max)
        {
            seconds = Math.Min(seconds, max);
        }

        if (retrier.JitterStrategy == "FULL")
        {
            seconds *= RandomNumberGenerator.GetInt32(0, 1_000_001) / 1_000_000.0;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
