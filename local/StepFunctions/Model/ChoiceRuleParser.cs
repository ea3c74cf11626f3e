using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>Parses Choice rules (data-test expressions and And/Or/Not) with type checks on the operands.</summary>
internal static class ChoiceRuleParser
{
    public static ChoiceRule? Parse(JsonNode? node, string pointer, ParseContext ctx, bool topLevel)
    {
        if (node is not JsonObject obj)
        {
            ctx.Errors.Add(new AslError(pointer, "A choice rule must be an object."));
            return null;
        }

        var next = ctx.String(obj, "Next", pointer);
        if (topLevel && next is null)
        {
            ctx.Errors.Add(new AslError($"{pointer}/Next", "A top-level choice rule needs 'Next'."));
        }
        else if (!topLevel && obj.ContainsKey("Next"))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Next", "Nested choice rules must not have 'Next'."));
        }

        var operators = obj.Select(p => p.Key).Where(k => k is not ("Next" or "Comment" or "Variable")).ToList();
        if (operators.Count != 1)
        {
            ctx.Errors.Add(new AslError(pointer, "A choice rule needs exactly one of And, Or, Not or a comparison operator."));
            return null;
        }

        var op = operators[0];
        var opPointer = $"{pointer}/{JsonPointer.Escape(op)}";
        switch (op)
        {
            case "And" or "Or":
                if (obj[op] is not JsonArray array || array.Count == 0)
                {
                    ctx.Errors.Add(new AslError(opPointer, $"'{op}' must be a non-empty array of rules."));
                    return null;
                }

                var rules = array.Select((r, i) => Parse(r, $"{opPointer}/{i}", ctx, topLevel: false)).OfType<ChoiceRule>().ToList();
                return new LogicalRule(op == "And", rules) { Next = next };
            case "Not":
                var inner = Parse(obj[op], opPointer, ctx, topLevel: false);
                return inner is null ? null : new NotRule(inner) { Next = next };
            default:
                return ParseComparison(obj, op, pointer, ctx, next);
        }
    }

    /// <summary>A data-test expression: <c>Variable</c>, the operator <paramref name="op"/> and its literal or <c>...Path</c> operand.</summary>
    private static ComparisonRule? ParseComparison(JsonObject obj, string op, string pointer, ParseContext ctx, string? next)
    {
        var opPointer = $"{pointer}/{JsonPointer.Escape(op)}";
        var variable = ctx.Path(obj, "Variable", pointer);
        if (!obj.ContainsKey("Variable"))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Variable", "A comparison needs 'Variable'."));
        }

        var isPath = op.EndsWith("Path", StringComparison.Ordinal) && !op.StartsWith("Is", StringComparison.Ordinal);
        var baseOp = isPath ? op[..^4] : op;
        if (!ComparisonRule.Operators.Contains(baseOp) || (isPath && baseOp == "StringMatches"))
        {
            ctx.Errors.Add(new AslError(opPointer, $"Unknown comparison operator '{op}'."));
            return null;
        }

        var value = obj[op];
        JsonPath? valuePath = null;
        if (isPath)
        {
            valuePath = ctx.Path(obj, op, pointer);
        }
        else if (!ValueFits(baseOp, value))
        {
            ctx.Errors.Add(new AslError(opPointer, $"The value of '{op}' has the wrong type."));
        }

        return variable is null ? null : new ComparisonRule(variable, baseOp, JsonValues.Clone(value), valuePath) { Next = next };
    }

    private static bool ValueFits(string op, JsonNode? value) => op switch
    {
        _ when op.StartsWith("Is", StringComparison.Ordinal) || op == "BooleanEquals" => JsonValues.TryGetBoolean(value, out _),
        _ when op.StartsWith("Numeric", StringComparison.Ordinal) => JsonValues.TryGetNumber(value, out _),
        _ when op.StartsWith("Timestamp", StringComparison.Ordinal) => JsonValues.TryGetString(value, out var s) && ComparisonRule.TryParseTimestamp(s, out _),
        _ => JsonValues.TryGetString(value, out _),
    };
}
