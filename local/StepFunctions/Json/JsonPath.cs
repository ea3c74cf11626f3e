using System.Globalization;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>A parsed JSONPath expression (the subset Step Functions accepts) evaluated over System.Text.Json nodes.</summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<PathSegment> segments;

    private JsonPath(string text, bool isContext, IReadOnlyList<PathSegment> segments)
    {
        Text = text;
        IsContext = isContext;
        this.segments = segments;
        IsDefinite = segments.All(s => s is ChildSegment or IndexSegment);
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>True for <c>$$</c> paths, which address the context object instead of the state input.</summary>
    public bool IsContext { get; }

    /// <summary>True when the path can match at most one node (no wildcard, slice, filter, union or descent).</summary>
    public bool IsDefinite { get; }

    /// <summary>True when the path is a Reference Path (only names and indexes): the only kind <c>ResultPath</c> accepts.</summary>
    public bool IsReferencePath => IsDefinite && !IsContext;

    internal IReadOnlyList<PathSegment> Segments => segments;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with the position of the first problem.</summary>
    public static JsonPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new JsonPathParser(text).Parse();
    }

    /// <summary>True when <paramref name="text"/> parses.</summary>
    public static bool TryParse(string text, out JsonPath? path)
    {
        try
        {
            path = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            path = null;
            return false;
        }
    }

    internal static JsonPath Create(string text, bool isContext, IReadOnlyList<PathSegment> segments) => new(text, isContext, segments);

    /// <summary>Every node the path selects, in document order (references into <paramref name="root"/>, not copies).</summary>
    public IReadOnlyList<JsonNode?> Select(JsonNode? root)
    {
        var current = new List<JsonNode?> { root };
        foreach (var segment in segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                segment.Apply(node, root, next);
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    /// <summary>
    /// Evaluates the path the way Step Functions does: a definite path yields its single node (false when absent);
    /// an indefinite path always yields an array of its matches.
    /// </summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? value)
    {
        var matches = Select(root);
        if (!IsDefinite)
        {
            var array = new JsonArray();
            foreach (var match in matches)
            {
                array.Add(JsonValues.Clone(match));
            }

            value = array;
            return true;
        }

        if (matches.Count == 0)
        {
            value = null;
            return false;
        }

        value = matches[0];
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>One step of a path.</summary>
internal abstract record PathSegment
{
    public abstract void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output);
}

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
internal sealed record ChildSegment(string Name) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var child))
        {
            output.Add(child);
        }
    }
}

/// <summary><c>[n]</c>; negative counts from the end.</summary>
internal sealed record IndexSegment(int Index) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is JsonArray array)
        {
            var i = Index < 0 ? array.Count + Index : Index;
            if (i >= 0 && i < array.Count)
            {
                output.Add(array[i]);
            }
        }
    }
}

/// <summary><c>.*</c> or <c>[*]</c>.</summary>
internal sealed record WildcardSegment : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonArray array:
                output.AddRange(array);
                break;
            case JsonObject obj:
                output.AddRange(obj.Select(p => p.Value));
                break;
        }
    }
}

/// <summary><c>['a','b']</c> or <c>[0,2]</c>.</summary>
internal sealed record UnionSegment(IReadOnlyList<PathSegment> Members) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        foreach (var member in Members)
        {
            member.Apply(node, root, output);
        }
    }
}

/// <summary><c>[start:end:step]</c> with Python-like bounds.</summary>
internal sealed record SliceSegment(int? Start, int? End, int? Step) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array)
        {
            return;
        }

        var step = Step ?? 1;
        if (step <= 0)
        {
            return;
        }

        var count = array.Count;
        var start = Normalize(Start ?? 0, count);
        var end = Normalize(End ?? count, count);
        for (var i = start; i < end; i += step)
        {
            output.Add(array[i]);
        }
    }

    private static int Normalize(int value, int count) => Math.Clamp(value < 0 ? count + value : value, 0, count);
}

/// <summary><c>..x</c>: the inner segment applied to the node and every descendant.</summary>
internal sealed record DescendantSegment(PathSegment Inner) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        Inner.Apply(node, root, output);
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Apply(item, root, output);
                }

                break;
            case JsonObject obj:
                foreach (var property in obj)
                {
                    Apply(property.Value, root, output);
                }

                break;
        }
    }
}

/// <summary><c>[?(expr)]</c>: the array items (or object members) for which the filter holds.</summary>
internal sealed record FilterSegment(FilterExpression Expression) : PathSegment
{
    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        IEnumerable<JsonNode?> candidates = node switch
        {
            JsonArray array => array,
            JsonObject obj => obj.Select(p => p.Value),
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (Expression.IsTrue(candidate, root))
            {
                output.Add(candidate);
            }
        }
    }
}

/// <summary>Filter expressions: comparisons, existence tests, &amp;&amp;, || and !.</summary>
internal abstract record FilterExpression
{
    public abstract bool IsTrue(JsonNode? current, JsonNode? root);
}

internal sealed record FilterOperand(JsonPath? Path, bool RelativeToCurrent, JsonNode? Literal)
{
    public bool TryGet(JsonNode? current, JsonNode? root, out JsonNode? value)
    {
        if (Path is null)
        {
            value = Literal;
            return true;
        }

        var matches = Path.Select(RelativeToCurrent ? current : root);
        value = matches.Count > 0 ? matches[0] : null;
        return matches.Count > 0;
    }
}

internal sealed record ExistsFilter(FilterOperand Operand) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) =>
        Operand.TryGet(current, root, out var value) && (Operand.Path is not null || JsonValues.IsTruthy(value));
}

internal sealed record NotFilter(FilterExpression Inner) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) => !Inner.IsTrue(current, root);
}

internal sealed record LogicalFilter(FilterExpression Left, bool IsAnd, FilterExpression Right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root) =>
        IsAnd ? Left.IsTrue(current, root) && Right.IsTrue(current, root) : Left.IsTrue(current, root) || Right.IsTrue(current, root);
}

internal sealed record ComparisonFilter(FilterOperand Left, string Operator, FilterOperand Right) : FilterExpression
{
    public override bool IsTrue(JsonNode? current, JsonNode? root)
    {
        if (!Left.TryGet(current, root, out var left) || !Right.TryGet(current, root, out var right))
        {
            return Operator == "!=";
        }

        if (Operator is "==" or "!=")
        {
            var equal = JsonValues.DeepEquals(left, right);
            return Operator == "==" ? equal : !equal;
        }

        int? order = null;
        if (JsonValues.TryGetNumber(left, out var l) && JsonValues.TryGetNumber(right, out var r))
        {
            order = l.CompareTo(r);
        }
        else if (JsonValues.TryGetString(left, out var ls) && JsonValues.TryGetString(right, out var rs))
        {
            order = string.CompareOrdinal(ls, rs);
        }

        return order is { } o && Operator switch
        {
            "<" => o < 0,
            "<=" => o <= 0,
            ">" => o > 0,
            ">=" => o >= 0,
            _ => false,
        };
    }
}

internal static class PathNumbers
{
    public static int ParseInt(string text, int position) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Expected an integer at position {position}, found '{text}'.");
}
