using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Pass: its Result, or its arguments (Parameters or the effective input), placed into its output.</summary>
internal static class PassRunner
{
    public static Transition Run(in Step step)
    {
        var state = (PassState)step.State;
        var effective = state.Flow.Effective(step.Input);
        var result = state.Result is { } constant ? constant.Value
            : state.Flow.Arguments(effective, state.Flow.HasArguments ? step.Context() : null, step.Run, recorded: false);
        return step.Exit(state.Flow.Output(step, result), state.Next);
    }
}
