using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Runs states of a validated definition: data flow, error handling and history events exactly as the ASL specifies.</summary>
internal sealed partial class Interpreter(TaskInvokerRegistry invokers, IEngineClock clock, TaskTokens tokens, string region)
{
    /// <summary>The 256 KB limit on state input and output (UTF-8 bytes).</summary>
    public const int PayloadLimitBytes = 262_144;

    /// <summary>Runs a block from <paramref name="startAt"/> until an End/Succeed state; a failure propagates as <see cref="StatesException"/>.</summary>
    public async Task<JsonNode?> RunBlockAsync(StatesBlock block, string startAt, JsonNode? input, RunContext run, BranchScope scope, bool topLevel, CancellationToken ct)
    {
        var name = startAt;
        var data = input;

        // Each state's input is serialized once: for its entered event and the checkpoint; the previous exit's text is reused.
        var dataText = JsonValues.Serialize(data);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var state = block.States[name];
            if (topLevel && run.Checkpoint is not null)
            {
                await run.Checkpoint(name, dataText, ct);
            }

            var (next, output) = await RunStateAsync(state, data, dataText, run, scope, ct);
            if (next is null)
            {
                return output;
            }

            name = next;
            data = output;
            dataText = scope.LastOutputText ?? JsonValues.Serialize(data);
        }
    }

    private async Task<(string? Next, JsonNode? Output)> RunStateAsync(StateDefinition state, JsonNode? data, string dataText, RunContext run, BranchScope scope, CancellationToken ct)
    {
        var entered = clock.UtcNow;
        scope.LastOutputText = null;
        scope.LastEventId = run.History.Add(Details.Entered(state.Type), scope.LastEventId, "stateEnteredEventDetails", Details.StateEntered(state.Name, dataText));
        JsonObject? Context(int retryCount = 0, string? token = null) =>
            state.UsesContext || token is not null ? run.BuildContext(state.Name, entered, retryCount, scope, token) : null;

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
                var next = choice.Choices.FirstOrDefault(r => r.Matches(effective, context))?.Next ?? choice.Default
                    ?? throw new StatesException(StatesErrors.NoChoiceMatched, $"No Matches! in state '{choice.Name}'");
                return Exit(state, next, choice.OutputPath.Select(effective, "OutputPath"), run, scope);
            }

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

            case SucceedState succeed:
            {
                var effective = succeed.InputPath.Select(data, "InputPath");
                return Exit(state, null, succeed.OutputPath.Select(effective, "OutputPath"), run, scope);
            }

            case FailState fail:
            {
                var error = fail.Error ?? DynamicString(fail.ErrorPath, data, Context(), "ErrorPath");
                var cause = fail.Cause ?? DynamicString(fail.CausePath, data, Context(), "CausePath");
                throw new StatesException(error ?? string.Empty, cause);
            }

            case ResultStateDefinition withResult:
                return await RunWithErrorHandlingAsync(withResult, data, dataText, entered, run, scope, Context, ct);

            default:
                throw new StatesException(StatesErrors.Runtime, $"Unsupported state type {state.Type}");
        }
    }

    private static (string? Next, JsonNode? Output) Exit(StateDefinition state, string? next, JsonNode? output, RunContext run, BranchScope scope)
    {
        if (output?.Parent is not null)
        {
            output = output.DeepClone();
        }

        var text = JsonValues.Serialize(output);
        CheckSize(text, state.Name);
        scope.LastOutputText = text;
        if (state is not FailState)
        {
            scope.LastEventId = run.History.Add(Details.Exited(state.Type), scope.LastEventId, "stateExitedEventDetails", Details.StateExited(state.Name, text));
        }

        return (state.End || state is SucceedState ? null : next, output);
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

    private static void CheckSize(string json, string stateName)
    {
        // Cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 char.
        if (json.Length * 3 > PayloadLimitBytes && System.Text.Encoding.UTF8.GetByteCount(json) > PayloadLimitBytes)
        {
            throw new StatesException(
                StatesErrors.DataLimitExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The state/task '{stateName}' returned a result with a size exceeding the maximum number of bytes service limit."));
        }
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
