using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Succeed: ends its block with the effective input as output (after OutputPath).</summary>
internal static class SucceedRunner
{
    public static Transition Run(in Step step)
    {
        var effective = step.State.Flow.Effective(step.Input);
        return step.Exit(step.State.Flow.Output(step, effective), null);
    }
}

/// <summary>Fail: fails its block with Error and Cause (fixed, or from ErrorPath/CausePath on the input).</summary>
internal static class FailRunner
{
    public static Transition Run(in Step step)
    {
        var state = (FailState)step.State;
        var error = state.Error ?? DynamicString(state.ErrorPath, step, "ErrorPath");
        var cause = state.Cause ?? DynamicString(state.CausePath, step, "CausePath");
        throw new StatesException(error ?? string.Empty, cause);
    }

    private static string? DynamicString(PayloadTemplate? template, in Step step, string field)
    {
        if (template is null)
        {
            return null;
        }

        var value = template.Evaluate(step.Input.Node, step.Context()) as JsonObject;
        return JsonValues.TryGetString(value?["v"], out var s)
            ? s
            : throw new StatesException(StatesErrors.Runtime, $"The {field} of the Fail state must resolve to a string.");
    }
}
