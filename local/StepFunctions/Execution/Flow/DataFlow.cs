using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.Flow;

/// <summary>
/// How a state's input becomes what it works on and how its result becomes its output, in the state's query language.
/// Every runner goes through these stages in this order:
/// <see cref="Effective"/> (the input its own fields read) → <see cref="Arguments"/> (what it works on: a Task's call, a
/// Parallel's branch input, a Pass's result) → the state's work → <see cref="Output"/> (its output), or
/// <see cref="Caught"/> when a Catch handles an error. <see cref="JsonPathFlow"/> is JSONPath (InputPath, Parameters,
/// ResultSelector, ResultPath, OutputPath); a JSONata state (Arguments, Output, Assign) is a second implementation.
/// </summary>
internal abstract class DataFlow
{
    /// <summary>True when the state has an arguments stage of its own (JSONPath: Parameters).</summary>
    public abstract bool HasArguments { get; }

    /// <summary>The input the state's own fields read (JSONPath: InputPath).</summary>
    public abstract StateValue Effective(StateValue input);

    /// <summary>
    /// What the state works on, from <paramref name="effective"/> (JSONPath: Parameters, or the effective input itself).
    /// <paramref name="recorded"/> says that the arguments go into the history (a Task's parameters, a Parallel's branch
    /// input): only then may a fast path write them there.
    /// </summary>
    public abstract StateValue Arguments(StateValue effective, JsonNode? context, Run run, bool recorded);

    /// <summary>
    /// The state's output from its raw input (<see cref="Step.Input"/>) and its result (JSONPath: ResultSelector, ResultPath,
    /// OutputPath); <paramref name="retryCount"/> is the attempt's, for the context object.
    /// </summary>
    public abstract StateValue Output(in Step step, StateValue result, int retryCount = 0);

    /// <summary>The output when <paramref name="catcher"/> handles an error (JSONPath: the catcher's ResultPath).</summary>
    public abstract StateValue Caught(StateValue input, JsonObject errorOutput, Catcher catcher);
}
