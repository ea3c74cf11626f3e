using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>How a state's output follows from its result when every path is the default (<c>$</c>): no node tree needed.</summary>
internal enum BytePlanKind
{
    /// <summary>The state needs the node path (a non-default InputPath/OutputPath, Parameters, ResultSelector, ...).</summary>
    None,

    /// <summary>The output is the input (ResultPath null, or a Succeed).</summary>
    Identity,

    /// <summary>The output is the result (ResultPath <c>$</c>).</summary>
    Replace,

    /// <summary>The output is the input object with one top-level member set to the result (ResultPath <c>$.name</c>).</summary>
    SetMember,
}

/// <summary>
/// The byte path of a Pass, Succeed or Task state, computed once per state: a state whose input and output are the whole
/// document and whose result lands at <c>$</c>, <c>$.name</c> or nowhere gets its output by copying bytes, as the node path
/// would serialize it, instead of parsing, modifying and writing the whole document again.
/// </summary>
internal sealed class BytePlan
{
    private static readonly BytePlan NodePath = new(BytePlanKind.None, null, null, null);

    private BytePlan(BytePlanKind kind, byte[]? name, byte[]? member, byte[]? constant)
    {
        Kind = kind;
        Name = name;
        Member = member;
        Constant = constant;
    }

    public BytePlanKind Kind { get; }

    /// <summary>The member name (unescaped UTF-8), for <see cref="BytePlanKind.SetMember"/>.</summary>
    public byte[]? Name { get; }

    /// <summary><c>"name":</c> as the serializer writes it.</summary>
    public byte[]? Member { get; }

    /// <summary>A Task's Parameters as byte parts (null without Parameters).</summary>
    public IReadOnlyList<TemplatePart>? Parameters { get; private init; }

    /// <summary>A Pass state's Result, serialized once.</summary>
    public byte[]? Constant { get; }

    public static BytePlan For(StateDefinition state) => state.BytePlan as BytePlan ?? (BytePlan)(state.BytePlan = Create(state));

    private static BytePlan Create(StateDefinition state)
    {
        if (!IsDefault(state.InputPath) || !IsDefault(state.OutputPath))
        {
            return NodePath;
        }

        switch (state)
        {
            case SucceedState:
                return new BytePlan(BytePlanKind.Identity, null, null, null);
            case PassState pass when pass.Parameters is null && pass.ResultSelector is null:
                return FromResultPath(pass.ResultPath, pass.HasResult ? Encoding.UTF8.GetBytes(JsonValues.Serialize(pass.Result)) : null);
            case TaskState task when task.ResultSelector is null && !task.UsesContext &&
                                     task.TimeoutSecondsPath is null && task.HeartbeatSecondsPath is null &&
                                     (task.Parameters is null || task.Parameters.ByteParts is { Count: > 0 }):
                var plan = FromResultPath(task.ResultPath, null, resultPathFromTask: true);
                return plan.Kind == BytePlanKind.None || task.Parameters is null
                    ? plan
                    : new BytePlan(plan.Kind, plan.Name, plan.Member, plan.Constant) { Parameters = task.Parameters.ByteParts };
            default:
                return NodePath;
        }
    }

    private static BytePlan FromResultPath(OptionalPath resultPath, byte[]? constant, bool resultPathFromTask = false)
    {
        if (resultPath.IsNull)
        {
            return new BytePlan(BytePlanKind.Identity, null, null, constant);
        }

        if (resultPath.Path is null || resultPath.Path.Segments.Count == 0)
        {
            // A Pass without Result has its input as result: the output is the input.
            return new BytePlan(constant is null && !resultPathFromTask ? BytePlanKind.Identity : BytePlanKind.Replace, null, null, constant);
        }

        if (resultPath.Path.Segments is [ChildSegment child])
        {
            var member = Encoding.UTF8.GetBytes(JsonValues.Serialize(JsonValue.Create(child.Name)) + ":");
            return new BytePlan(BytePlanKind.SetMember, Encoding.UTF8.GetBytes(child.Name), member, constant);
        }

        return NodePath;
    }

    private static bool IsDefault(OptionalPath path) => path.Path is null && !path.IsNull;
}
