using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Parallel: every branch runs on the arguments (Parameters or the effective input); the result is the array of their outputs.</summary>
internal sealed class ParallelRunner(Interpreter interpreter) : IStateAttempt
{
    public async ValueTask<StateValue> AttemptAsync(Step step, int retryCount)
    {
        var state = (ParallelState)step.State;
        var effective = state.Flow.Effective(step.Input);
        var attempt = step.Unit.BeginAttempt();
        var arguments = state.Flow.Arguments(effective, step.Context(retryCount), step.Run, recorded: true);
        step.Record("ParallelStateStarted");
        var started = step.Unit.LastEventId;

        // The branches share the arguments' bytes; each parses its own node if it needs one.
        var input = arguments.Write(step.Run.History);
        var units = state.Branches.Select((branch, i) => attempt.Prepare(i, branch, started)).ToList();
        var outputs = await UnitFanout.RunAsync(
            new FanoutRun(
                units,
                MaxConcurrency: 0,
                step.Run,
                (i, unit, ct) => interpreter.RunUnitAsync(state.Branches[i], unit, StateValue.Written(step.Run.History, input), step.Run, ct),
                OnUnitFailed: null,
                () => step.Record("ParallelStateFailed")),
            step.Cancellation);
        step.Record("ParallelStateSucceeded");
        return UnitFanout.Array(outputs, step.Run);
    }
}
