using System.Text.Json;

namespace Fulfilment.Local.EventBridge.Patterns;

/// <summary>An object level of a pattern: fields that must all match, plus optional <c>$or</c> branches (one must match).</summary>
internal sealed record ObjectPattern(IReadOnlyList<(string Name, FieldPattern Pattern)> Fields, IReadOnlyList<ObjectPattern> OrBranches)
{
    public bool Matches(JsonElement? value)
    {
        var obj = value is { ValueKind: JsonValueKind.Object } v ? v : (JsonElement?)null;
        foreach (var (name, pattern) in Fields)
        {
            JsonElement? child = obj is { } o && o.TryGetProperty(name, out var c) ? c : null;
            if (!pattern.Matches(child))
            {
                return false;
            }
        }

        return OrBranches.Count == 0 || OrBranches.Any(b => b.Matches(value));
    }
}

/// <summary>The pattern of one field: a nested object or a list of leaf matchers (any one must match).</summary>
internal abstract record FieldPattern
{
    public abstract bool Matches(JsonElement? value);
}

/// <summary>A nested object pattern; an array of objects in the event matches if one element does.</summary>
internal sealed record NestedFieldPattern(ObjectPattern Inner) : FieldPattern
{
    public override bool Matches(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Array } array)
        {
            var any = false;
            foreach (var element in array.EnumerateArray())
            {
                any = true;
                if (Inner.Matches(element))
                {
                    return true;
                }
            }

            return !any && Inner.Matches(null);
        }

        return Inner.Matches(value);
    }
}

/// <summary>Leaf matchers, OR-ed; an array value in the event matches if any element matches any matcher.</summary>
internal sealed record LeafFieldPattern(IReadOnlyList<LeafMatcher> Matchers) : FieldPattern
{
    public override bool Matches(JsonElement? value)
    {
        foreach (var matcher in Matchers)
        {
            if (matcher is ExistsMatcher exists)
            {
                if (exists.Exists == value.HasValue)
                {
                    return true;
                }

                continue;
            }

            if (value is not { } present)
            {
                continue;
            }

            if (present.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in present.EnumerateArray())
                {
                    if (matcher.Matches(element))
                    {
                        return true;
                    }
                }
            }
            else if (matcher.Matches(present))
            {
                return true;
            }
        }

        return false;
    }
}
