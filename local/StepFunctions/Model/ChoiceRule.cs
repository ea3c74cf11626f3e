using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>A Choice rule: a boolean expression, with <see cref="Next"/> set on top-level rules.</summary>
public abstract class ChoiceRule
{
    /// <summary>The state to go to when this top-level rule matches.</summary>
    public string? Next { get; init; }

    /// <summary>Evaluates the rule against the state input.</summary>
    public abstract bool Matches(JsonNode? input, JsonNode? context);
}

/// <summary>And / Or.</summary>
public sealed class LogicalRule(bool isAnd, IReadOnlyList<ChoiceRule> rules) : ChoiceRule
{
    /// <inheritdoc />
    public override bool Matches(JsonNode? input, JsonNode? context) =>
        isAnd ? rules.All(r => r.Matches(input, context)) : rules.Any(r => r.Matches(input, context));
}

/// <summary>Not.</summary>
public sealed class NotRule(ChoiceRule rule) : ChoiceRule
{
    /// <inheritdoc />
    public override bool Matches(JsonNode? input, JsonNode? context) => !rule.Matches(input, context);
}

/// <summary>A data-test expression: <c>Variable</c>, a comparison operator and a literal or a <c>...Path</c> operand.</summary>
public sealed class ComparisonRule(JsonPath variable, string op, JsonNode? value, JsonPath? valuePath) : ChoiceRule
{
    /// <summary>The comparison operators without their Path suffix.</summary>
    internal static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
    };

    /// <inheritdoc />
    public override bool Matches(JsonNode? input, JsonNode? context)
    {
        var matches = variable.Select(variable.IsContext ? context : input);
        var present = matches.Count > 0;
        if (op == "IsPresent")
        {
            return present == IsTrue(value);
        }

        if (!present)
        {
            throw new StatesException(StatesErrors.Runtime, $"Invalid path '{variable.Text}': The choice state's condition path references an invalid value.");
        }

        var actual = variable.IsDefinite ? matches[0] : new JsonArray(matches.Select(JsonValues.Clone).ToArray());
        var expected = value;
        if (valuePath is not null)
        {
            if (!valuePath.TryEvaluate(valuePath.IsContext ? context : input, out expected))
            {
                throw new StatesException(StatesErrors.Runtime, $"Invalid path '{valuePath.Text}': The choice state's condition path references an invalid value.");
            }
        }

        return op switch
        {
            "IsNull" => (actual is null) == IsTrue(expected),
            "IsNumeric" => JsonValues.TryGetNumber(actual, out _) == IsTrue(expected),
            "IsString" => JsonValues.TryGetString(actual, out _) == IsTrue(expected),
            "IsBoolean" => JsonValues.TryGetBoolean(actual, out _) == IsTrue(expected),
            "IsTimestamp" => (JsonValues.TryGetString(actual, out var ts) && TryParseTimestamp(ts, out _)) == IsTrue(expected),
            "BooleanEquals" => JsonValues.TryGetBoolean(actual, out var a) && JsonValues.TryGetBoolean(expected, out var b) && a == b,
            "StringMatches" => JsonValues.TryGetString(actual, out var s) && JsonValues.TryGetString(expected, out var pattern) && StringMatches(s, pattern),
            _ when op.StartsWith("String", StringComparison.Ordinal) =>
                JsonValues.TryGetString(actual, out var x) && JsonValues.TryGetString(expected, out var y) && Compare(op["String".Length..], string.CompareOrdinal(x, y)),
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
                JsonValues.TryGetNumber(actual, out var n) && JsonValues.TryGetNumber(expected, out var m) && Compare(op["Numeric".Length..], n.CompareTo(m)),
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) =>
                JsonValues.TryGetString(actual, out var t1) && JsonValues.TryGetString(expected, out var t2) &&
                TryParseTimestamp(t1, out var d1) && TryParseTimestamp(t2, out var d2) && Compare(op["Timestamp".Length..], d1.CompareTo(d2)),
            _ => false,
        };
    }

    private static bool IsTrue(JsonNode? node) => JsonValues.TryGetBoolean(node, out var b) && b;

    private static bool Compare(string relation, int order) => relation switch
    {
        "Equals" => order == 0,
        "LessThan" => order < 0,
        "GreaterThan" => order > 0,
        "LessThanEquals" => order <= 0,
        "GreaterThanEquals" => order >= 0,
        _ => false,
    };

    /// <summary>RFC 3339 timestamps as the ASL requires (an uppercase T and a time zone).</summary>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value) && text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 10);

    /// <summary><c>*</c> matches any run of characters; <c>\*</c> is a literal star and <c>\\</c> a backslash.</summary>
    internal static bool StringMatches(string text, string pattern)
    {
        // Tokenize the pattern into literals and wildcards, then match greedily with backtracking over stars.
        var tokens = new List<(bool Star, char Ch)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                tokens.Add((false, pattern[++i]));
            }
            else
            {
                tokens.Add((pattern[i] == '*', pattern[i]));
            }
        }

        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].Star && tokens[p].Ch == text[t])
            {
                t++;
                p++;
            }
            else if (p < tokens.Count && tokens[p].Star)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < tokens.Count && tokens[p].Star)
        {
            p++;
        }

        return p == tokens.Count;
    }
}
