using Fulfilment.Local.StepFunctions.Execution.States;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// Runs the states of a block for one unit (the execution, a branch, an iteration) from a start state to its end: enters
/// each state (checkpointing the root unit), hands it to the runner of its kind, and follows its transition. A failure
/// propagates as <see cref="StatesException"/>.
/// </summary>
internal sealed class Interpreter
{
    private readonly IEngineClock clock;
    private readonly WaitRunner wait;
    private readonly TaskRunner task;
    private readonly ParallelRunner parallel;
    private readonly MapRunner map;
    private readonly Attempts attempts;

    public Interpreter(IEngineClock clock, TaskTokens tokens)
    {
        this.clock = clock;
        attempts = new Attempts(clock);
        wait = new WaitRunner(clock);
        task = new TaskRunner(attempts, tokens, clock);
        parallel = new ParallelRunner(this);
        map = new MapRunner(this, clock);
    }

    /// <summary>Runs <paramref name="block"/> from <paramref name="startAt"/> with <paramref name="input"/> until an End/Succeed state; returns its output.</summary>
    public async Task<StateValue> RunAsync(StatesBlock block, string startAt, StateValue input, Unit unit, Run run, CancellationToken ct)
    {
        var name = startAt;
        var value = input;
        var previousWasPure = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var state = block.States[name];
            var payload = value.Write(run.History);
            unit.Enter(name, payload);

            // Group commit of pure states: the first state after one with effects (or the first of the run) is
            // checkpointed, the pure states that follow it are not. A crash among them resumes at that first one and
            // reruns only pure states, which have no effects and whose events were not stored yet; every Task, Wait,
            // Parallel and Map is still checkpointed before it starts, so completed work is never redone.
            if (unit.IsRoot && run.Checkpoint is { } checkpoint && !(state.IsPure && previousWasPure))
            {
                await checkpoint(unit, ct);
            }

            previousWasPure = state.IsPure;
            var step = new Step(state, value, unit, run, state.UsesContext ? clock.UtcNow : default, ct);
            step.Record(state.Heads.Entered, payload);

            // Pass, Choice, Succeed and Fail never wait: they run synchronously, without a task per state.
            var transition = state.IsPure ? RunPure(step) : await RunAsync(step);
            if (transition.Next is null)
            {
                return transition.Output;
            }

            name = transition.Next;
            value = transition.Output;
        }
    }

    /// <summary>
    /// Runs one branch or iteration: from its start or, resumed by a redrive, from the state it stopped in with that state's
    /// input (the states before it succeeded and are not run again); the unit records its output.
    /// </summary>
    public async Task<StateValue> RunUnitAsync(StatesBlock block, Unit unit, StateValue input, Run run, CancellationToken ct)
    {
        var start = unit.State ?? block.StartAt;
        var output = await RunAsync(block, start, unit.State is null ? input : StateValue.Written(run.History, unit.Input), unit, run, ct);
        unit.Succeed(output.Write(run.History));
        return output;
    }

    private static Transition RunPure(in Step step) => step.State switch
    {
        PassState => PassRunner.Run(step),
        ChoiceState => ChoiceRunner.Run(step),
        SucceedState => SucceedRunner.Run(step),
        _ => FailRunner.Run(step),
    };

    private ValueTask<Transition> RunAsync(Step step) => step.State switch
    {
        TaskState => attempts.RunAsync(step, task),
        ParallelState => attempts.RunAsync(step, parallel),
        MapState => attempts.RunAsync(step, map),
        WaitState => wait.RunAsync(step),
        _ => throw new StatesException(StatesErrors.Runtime, $"Unsupported state type {step.State.Type}"),
    };
}
