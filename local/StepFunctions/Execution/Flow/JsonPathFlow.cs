using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.Flow;

/// <summary>
/// The JSONPath query language's data flow of one state, as the specification orders it: InputPath → Parameters → (the
/// state's work) → ResultSelector → ResultPath → OutputPath. With the fast paths on (<see cref="Run.FastPaths"/>), a
/// Parameters template of constants and top-level input members and a ResultPath of one top-level member are spliced
/// from the input's text (<see cref="ByteSplice"/>) instead of parsing, changing and writing the whole document again.
/// </summary>
internal sealed class JsonPathFlow : DataFlow
{
    private readonly OptionalPath inputPath;
    private readonly PayloadTemplate? parameters;
    private readonly PayloadTemplate? resultSelector;
    private readonly OptionalPath resultPath;
    private readonly OptionalPath outputPath;
    private readonly IReadOnlyList<TemplatePart>? parametersSplice;
    private readonly SetMemberPlan? resultSplice;

    public JsonPathFlow(OptionalPath inputPath, PayloadTemplate? parameters, PayloadTemplate? resultSelector, OptionalPath resultPath, OptionalPath outputPath)
    {
        this.inputPath = inputPath;
        this.parameters = parameters;
        this.resultSelector = resultSelector;
        this.resultPath = resultPath;
        this.outputPath = outputPath;
        parametersSplice = parameters?.ByteParts;
        if (resultSelector is null && outputPath.IsDefault && resultPath.Path?.Segments is [ChildSegment child])
        {
            var member = Encoding.UTF8.GetBytes(JsonValues.Serialize(JsonValue.Create(child.Name)) + ":");
            resultSplice = new SetMemberPlan(Encoding.UTF8.GetBytes(child.Name), member);
        }
    }

    /// <summary>A flow whose every field is the default (a Fail state's: it has none).</summary>
    public static JsonPathFlow Identity { get; } = new(OptionalPath.Default, null, null, OptionalPath.Default, OptionalPath.Default);

    /// <inheritdoc />
    public override bool HasArguments => parameters is not null;

    /// <inheritdoc />
    public override StateValue Effective(StateValue input) =>
        inputPath.IsDefault ? input : StateValue.Of(inputPath.Select(input.Node, "InputPath"));

    /// <inheritdoc />
    public override StateValue Arguments(StateValue effective, JsonNode? context, Run run, bool recorded)
    {
        if (parameters is null)
        {
            return effective;
        }

        if (recorded && run.FastPaths && parametersSplice is not null && effective.HasText &&
            ByteSplice.Template(effective, parametersSplice, run.History) is { } spliced)
        {
            return spliced;
        }

        return StateValue.Of(parameters.Evaluate(effective.Node, context));
    }

    /// <inheritdoc />
    public override StateValue Output(in Step step, StateValue result, int retryCount = 0)
    {
        var (input, run) = (step.Input, step.Run);
        if (resultSelector is not null)
        {
            result = StateValue.Of(resultSelector.Evaluate(result.Node, step.Context(retryCount)));
        }

        if (run.FastPaths && resultSplice is not null && input.HasText && result.HasText &&
            ByteSplice.SetMember(input, resultSplice, result, run.History) is { } spliced)
        {
            return spliced;
        }

        var combined = Place(resultPath, input, result);
        return outputPath.IsDefault ? combined : StateValue.Of(outputPath.Select(combined.Node, "OutputPath"));
    }

    /// <inheritdoc />
    public override StateValue Caught(StateValue input, JsonObject errorOutput, Catcher catcher) =>
        Place(catcher.ResultPath, input, StateValue.Of(errorOutput));

    /// <summary>ResultPath: the result replaces the input (<c>$</c>), is discarded (null) or is placed into it.</summary>
    private static StateValue Place(OptionalPath path, StateValue input, StateValue result)
    {
        if (path.IsNull)
        {
            return input;
        }

        if (path.Path is null || path.Path.Segments.Count == 0)
        {
            return result.Thawed();
        }

        var target = input.TakeNode();
        var value = result.TakeNode();
        if (value is not null && (ReferenceEquals(value, target) || value.Parent is not null))
        {
            value = value.DeepClone();
        }

        return StateValue.Of(ReferencePath.Apply(target, path.Path, value));
    }
}
