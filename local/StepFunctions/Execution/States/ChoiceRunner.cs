using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Choice: the first rule that matches the effective input names the next state, else Default.</summary>
internal static class ChoiceRunner
{
    public static Transition Run(in Step step)
    {
        var state = (ChoiceState)step.State;
        var effective = state.Flow.Effective(step.Input);
        var context = step.Context();
        string? next = null;
        foreach (var rule in state.Choices)
        {
            if (rule.Matches(effective.Node, context))
            {
                next = rule.Next;
                break;
            }
        }

        next ??= state.Default ?? throw new StatesException(StatesErrors.NoChoiceMatched, $"No Matches! in state '{state.Name}'");
        return step.Exit(state.Flow.Output(step, effective), next);
    }
}
