using System.Net;
using System.Text.Json;

namespace Fulfilment.Local.EventBridge.Patterns;

/// <summary>One leaf comparison of a pattern, applied to one scalar value of the event.</summary>
internal abstract record LeafMatcher
{
    public abstract bool Matches(JsonElement value);

    protected static bool IsString(JsonElement value, out string text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return value.ValueKind == JsonValueKind.String;
    }
}

/// <summary>A literal: string, number (compared as numbers), true, false or null; types never cross.</summary>
internal sealed record ExactMatcher(JsonValueKind Kind, string? Text, double Number) : LeafMatcher
{
    public static ExactMatcher From(JsonElement literal) => literal.ValueKind switch
    {
        JsonValueKind.String => new ExactMatcher(JsonValueKind.String, literal.GetString(), 0),
        JsonValueKind.Number => new ExactMatcher(JsonValueKind.Number, null, literal.GetDouble()),
        _ => new ExactMatcher(literal.ValueKind, null, 0),
    };

    public override bool Matches(JsonElement value) => Kind switch
    {
        JsonValueKind.String => IsString(value, out var s) && string.Equals(s, Text, StringComparison.Ordinal),
        JsonValueKind.Number => value.ValueKind == JsonValueKind.Number && value.GetDouble().Equals(Number),
        _ => value.ValueKind == Kind,
    };
}

/// <summary><c>prefix</c> (optionally with <c>equals-ignore-case</c>).</summary>
internal sealed record PrefixMatcher(string Prefix, bool IgnoreCase) : LeafMatcher
{
    public override bool Matches(JsonElement value) =>
        IsString(value, out var s) && s.StartsWith(Prefix, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary><c>suffix</c> (optionally with <c>equals-ignore-case</c>).</summary>
internal sealed record SuffixMatcher(string Suffix, bool IgnoreCase) : LeafMatcher
{
    public override bool Matches(JsonElement value) =>
        IsString(value, out var s) && s.EndsWith(Suffix, IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

/// <summary><c>equals-ignore-case</c>.</summary>
internal sealed record EqualsIgnoreCaseMatcher(string Text) : LeafMatcher
{
    public override bool Matches(JsonElement value) => IsString(value, out var s) && string.Equals(s, Text, StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>wildcard</c>: <c>*</c> matches any run of characters, <c>\*</c> a literal star.</summary>
internal sealed record WildcardMatcher(Wildcard Pattern) : LeafMatcher
{
    public override bool Matches(JsonElement value) => IsString(value, out var s) && Pattern.IsMatch(s);
}

/// <summary><c>exists</c>: true when the field is present, false when it is absent (checked on the field, not per element).</summary>
internal sealed record ExistsMatcher(bool Exists) : LeafMatcher
{
    public override bool Matches(JsonElement value) => Exists;
}

/// <summary><c>numeric</c>: a conjunction of comparisons; only JSON numbers match.</summary>
internal sealed record NumericMatcher(IReadOnlyList<(string Op, double Operand)> Comparisons) : LeafMatcher
{
    public override bool Matches(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var x = value.GetDouble();
        return Comparisons.All(c => c.Op switch
        {
            "=" => x.Equals(c.Operand),
            "<" => x < c.Operand,
            "<=" => x <= c.Operand,
            ">" => x > c.Operand,
            ">=" => x >= c.Operand,
            _ => false,
        });
    }
}

/// <summary><c>cidr</c>: an IPv4 or IPv6 address string inside the network.</summary>
internal sealed record CidrMatcher(IPNetwork Network) : LeafMatcher
{
    public override bool Matches(JsonElement value) =>
        IsString(value, out var s) && IPAddress.TryParse(s, out var address) && Network.Contains(address);
}

/// <summary><c>anything-but</c>: the negation of its inner matchers; for the string forms only strings match.</summary>
internal sealed record AnythingButMatcher(IReadOnlyList<LeafMatcher> Excluded, bool StringsOnly) : LeafMatcher
{
    public override bool Matches(JsonElement value)
    {
        if (StringsOnly && value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        return !Excluded.Any(m => m.Matches(value));
    }
}
