using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Runs states of a validated definition: data flow, error handling and history events exactly as the ASL specifies.</summary>
internal sealed partial class Interpreter(TaskInvokerRegistry invokers, IEngineClock clock, TaskTokens tokens, string region, bool fastPaths)
{
    /// <summary>The 256 KB limit on state input and output (UTF-8 bytes).</summary>
    public const int PayloadLimitBytes = 262_144;

    /// <summary>Runs a block from <paramref name="startAt"/> until an End/Succeed state; a failure propagates as <see cref="StatesException"/>.</summary>
    /// <remarks>With <paramref name="inputPayload"/> (canonical JSON already in the history buffer) the input node is not used.</remarks>
    public async Task<JsonNode?> RunBlockAsync(StatesBlock block, string startAt, JsonNode? input, RunContext run, BranchScope scope, bool topLevel, CancellationToken ct, Payload? inputPayload = null)
    {
        var name = startAt;
        var data = input;

        // Each state's input is written to the history buffer once: the previous state's output is the same bytes. When a
        // state ran on bytes only, the node is stale and parsed again from them only if a later state needs a node.
        var stale = inputPayload is not null;
        var dataPayload = inputPayload ?? run.History.Write(data);
        var previousWasPure = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var state = block.States[name];
            var pure = state is PassState or ChoiceState or SucceedState or FailState;
            if (topLevel)
            {
                run.CompletedUnits = null;
                run.CheckpointState = name;
                run.CheckpointInput = dataPayload;

                // Group commit of pure states: the first state after one with effects (or the first of the run) is
                // checkpointed, the pure states that follow it are not. A crash among them resumes at that first one and
                // reruns only pure states, which have no effects and whose events were not stored yet; every Task, Wait,
                // Parallel and Map is still checkpointed before it starts, so completed work is never redone.
                if (run.Checkpoint is not null && !(pure && previousWasPure))
                {
                    await run.Checkpoint(name, dataPayload, ct);
                }
            }

            else
            {
                scope.Progress?.Enter(name, dataPayload);
            }

            previousWasPure = pure;

            scope.OutputStale = false;
            string? next;
            JsonNode? output;
            if (fastPaths && state is PassState or SucceedState && TryRunOnBytes(state, dataPayload, run, scope, out next))
            {
                output = null;
            }
            else
            {
                if (stale && state is not TaskState)
                {
                    data = JsonValues.Parse(run.History.Bytes(dataPayload).Span);
                    stale = false;
                }

                // Pass, Choice, Succeed and Fail never wait: they run synchronously, without a task per state.
                (next, output) = pure
                    ? RunPureState(state, data, dataPayload, run, scope)
                    : await RunStateAsync(state, stale ? null : data, stale, dataPayload, run, scope, ct);
            }

            stale = scope.OutputStale;
            if (next is null)
            {
                // The execution's own block hands over its output as bytes (scope.LastOutput): no node needed there.
                return stale && !topLevel ? JsonValues.Parse(run.History.Bytes(scope.LastOutput!.Value).Span) : output;
            }

            name = next;
            data = output;
            dataPayload = scope.LastOutput ?? run.History.Write(data);
        }
    }

    /// <summary>A Pass or Succeed whose paths are all defaults: its output is copied together from bytes (see <see cref="BytePlan"/>).</summary>
    private static bool TryRunOnBytes(StateDefinition state, Payload input, RunContext run, BranchScope scope, out string? next)
    {
        next = null;
        var plan = BytePlan.For(state);
        Payload? output = plan.Kind switch
        {
            BytePlanKind.Identity => input,
            BytePlanKind.Replace => run.History.Write(plan.Constant),
            BytePlanKind.SetMember => run.History.WriteWithMember(input, plan.Name, plan.Member, plan.Constant is { } constant ? new ReadOnlySpan<byte>(constant) : run.History.Bytes(input).Span),
            _ => null,
        };
        if (output is not { } payload)
        {
            return false;
        }

        scope.LastEventId = run.History.Add(EventHeads.For(state).Entered, scope.LastEventId, input);
        next = ExitOnBytes(state, state.Next, payload, input, run, scope);
        return true;
    }

    /// <summary>The exit of a state that ran on bytes: the size limit, the exited event, and the next state (null at the end).</summary>
    private static string? ExitOnBytes(StateDefinition state, string? next, Payload output, Payload input, RunContext run, BranchScope scope)
    {
        if (output.Length > PayloadLimitBytes)
        {
            if (output != input)
            {
                run.History.Discard(output);
            }

            throw DataLimitExceeded(state);
        }

        scope.LastOutput = output;
        scope.OutputStale = true;
        scope.LastEventId = run.History.Add(EventHeads.For(state).Exited, scope.LastEventId, output);
        return state.End || state is SucceedState ? null : next;
    }

    private static StatesException DataLimitExceeded(StateDefinition state) => new(
        StatesErrors.DataLimitExceeded,
        string.Create(CultureInfo.InvariantCulture, $"The state/task '{state.Name}' returned a result with a size exceeding the maximum number of bytes service limit."));

    private (string? Next, JsonNode? Output) RunPureState(StateDefinition state, JsonNode? data, Payload dataPayload, RunContext run, BranchScope scope)
    {
        var entered = state.UsesContext ? clock.UtcNow : default;
        scope.LastOutput = null;
        scope.LastEventId = run.History.Add(EventHeads.For(state).Entered, scope.LastEventId, dataPayload);
        JsonObject? Context() => state.UsesContext ? run.BuildContext(state.Name, entered, 0, scope, null) : null;

        switch (state)
        {
            case PassState pass:
            {
                var effective = pass.InputPath.Select(data, "InputPath");
                var result = pass.HasResult ? JsonValues.Clone(pass.Result) : pass.Parameters is { } p ? p.Evaluate(effective, Context()) : effective;
                return Exit(state, pass.Next, Output(pass, data, result), run, scope);
            }

            case ChoiceState choice:
            {
                var effective = choice.InputPath.Select(data, "InputPath");
                var context = Context();
                string? next = null;
                foreach (var rule in choice.Choices)
                {
                    if (rule.Matches(effective, context))
                    {
                        next = rule.Next;
                        break;
                    }
                }

                next ??= choice.Default ?? throw new StatesException(StatesErrors.NoChoiceMatched, $"No Matches! in state '{choice.Name}'");
                return Exit(state, next, choice.OutputPath.Select(effective, "OutputPath"), run, scope);
            }

            case SucceedState succeed:
            {
                var effective = succeed.InputPath.Select(data, "InputPath");
                return Exit(state, null, succeed.OutputPath.Select(effective, "OutputPath"), run, scope);
            }

            default:
            {
                var fail = (FailState)state;
                var error = fail.Error ?? DynamicString(fail.ErrorPath, data, Context(), "ErrorPath");
                var cause = fail.Cause ?? DynamicString(fail.CausePath, data, Context(), "CausePath");
                throw new StatesException(error ?? string.Empty, cause);
            }
        }
    }

    private async ValueTask<(string? Next, JsonNode? Output)> RunStateAsync(StateDefinition state, JsonNode? data, bool stale, Payload dataPayload, RunContext run, BranchScope scope, CancellationToken ct)
    {
        var entered = clock.UtcNow;
        scope.LastOutput = null;
        scope.LastEventId = run.History.Add(EventHeads.For(state).Entered, scope.LastEventId, dataPayload);
        JsonObject? Context(int retryCount = 0, string? token = null) =>
            state.UsesContext || token is not null ? run.BuildContext(state.Name, entered, retryCount, scope, token) : null;

        switch (state)
        {
            case WaitState wait:
            {
                var effective = wait.InputPath.Select(data, "InputPath");
                if (run.Flush is not null)
                {
                    await run.Flush(ct);
                }

                await clock.DelayAsync(WaitTime(wait, effective), ct);
                return Exit(state, wait.Next, wait.OutputPath.Select(effective, "OutputPath"), run, scope);
            }

            case ResultStateDefinition withResult:
                return await RunWithErrorHandlingAsync(withResult, data, stale, dataPayload, entered, run, scope, Context, ct);

            default:
                throw new StatesException(StatesErrors.Runtime, $"Unsupported state type {state.Type}");
        }
    }

    private static (string? Next, JsonNode? Output) Exit(StateDefinition state, string? next, JsonNode? output, RunContext run, BranchScope scope)
    {
        scope.LastOutput = WriteOutput(output, state, run, out output);
        scope.LastEventId = run.History.Add(EventHeads.For(state).Exited, scope.LastEventId, scope.LastOutput.Value);
        return (state.End || state is SucceedState ? null : next, output);
    }

    /// <summary>Writes a state's output into the history buffer once, enforcing the 256 KB limit on its UTF-8 size.</summary>
    private static Payload WriteOutput(JsonNode? output, StateDefinition state, RunContext run, out JsonNode? detached)
    {
        if (output?.Parent is not null)
        {
            output = output.DeepClone();
        }

        detached = output;
        var payload = run.History.Write(output);
        if (payload.Length > PayloadLimitBytes)
        {
            run.History.Discard(payload);
            throw DataLimitExceeded(state);
        }

        return payload;
    }

    /// <summary>ResultPath then OutputPath, as the specification orders them.</summary>
    private static JsonNode? Output(ResultStateDefinition state, JsonNode? rawInput, JsonNode? result)
    {
        var combined = ApplyResultPath(state.ResultPath, rawInput, result);
        return state.OutputPath.Select(combined, "OutputPath");
    }

    internal static JsonNode? ApplyResultPath(OptionalPath resultPath, JsonNode? rawInput, JsonNode? result)
    {
        if (resultPath.IsNull)
        {
            return rawInput;
        }

        if (resultPath.Path is null)
        {
            return result;
        }

        if (result is not null && (ReferenceEquals(result, rawInput) || result.Parent is not null))
        {
            result = result.DeepClone();
        }

        return ReferencePath.Apply(rawInput, resultPath.Path, result);
    }

    private TimeSpan WaitTime(WaitState wait, JsonNode? input)
    {
        if (wait.Seconds is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (wait.Timestamp is { } at)
        {
            return at - clock.UtcNow;
        }

        if (wait.SecondsPath is { } sp)
        {
            return sp.TryEvaluate(input, out var v) && JsonValues.TryGetInteger(v, out var s) && s >= 0
                ? TimeSpan.FromSeconds(s)
                : throw new StatesException(StatesErrors.Runtime, $"Invalid path '{sp.Text}': The SecondsPath parameter does not reference a valid non-negative integer.");
        }

        var tp = wait.TimestampPath!;
        return tp.TryEvaluate(input, out var t) && JsonValues.TryGetString(t, out var ts) && ComparisonRule.TryParseTimestamp(ts, out var when)
            ? when - clock.UtcNow
            : throw new StatesException(StatesErrors.Runtime, $"Invalid path '{tp.Text}': The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string.");
    }

    private static string? DynamicString(PayloadTemplate? template, JsonNode? input, JsonObject? context, string field)
    {
        if (template is null)
        {
            return null;
        }

        var value = template.Evaluate(input, context) as JsonObject;
        return JsonValues.TryGetString(value?["v"], out var s)
            ? s
            : throw new StatesException(StatesErrors.Runtime, $"The {field} of the Fail state must resolve to a string.");
    }
}
