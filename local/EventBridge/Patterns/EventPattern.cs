using System.Net;
using System.Text.Json;
using Fulfilment.Aws.EventBridge;

namespace Fulfilment.Local.EventBridge.Patterns;

/// <summary>
/// A parsed EventBridge event pattern with the AWS matching semantics: exact values (arrays are OR), prefix, suffix,
/// equals-ignore-case, wildcard, anything-but (values, lists, prefix, suffix, ignore-case, wildcard), numeric ranges on
/// numbers only, exists, cidr, <c>$or</c>, and nested objects.
/// </summary>
public sealed class EventPattern
{
    private readonly ObjectPattern _root;

    private EventPattern(ObjectPattern root, string text)
    {
        _root = root;
        Text = text;
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    /// <summary>Parses and validates a pattern; invalid patterns raise <see cref="InvalidEventPatternException"/> as AWS does.</summary>
    public static EventPattern Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Event pattern must be a JSON object.");
            }

            return new EventPattern(ParseObject(doc.RootElement, "", isRoot: true), json);
        }
        catch (JsonException ex)
        {
            throw new InvalidEventPatternException($"Event pattern is not valid. Reason: {ex.Message}", ex);
        }
    }

    /// <summary>True when the event (a JSON object) matches.</summary>
    public bool Matches(JsonElement eventJson) => _root.Matches(eventJson);

    /// <summary>True when the event (JSON text) matches.</summary>
    public bool Matches(string eventJson)
    {
        using var doc = JsonDocument.Parse(eventJson);
        return Matches(doc.RootElement);
    }

    private static ObjectPattern ParseObject(JsonElement obj, string path, bool isRoot = false)
    {
        var fields = new List<(string, FieldPattern)>();
        var ors = new List<ObjectPattern>();
        foreach (var property in obj.EnumerateObject())
        {
            var fieldPath = path.Length == 0 ? property.Name : path + "." + property.Name;
            if (property.Name == "$or")
            {
                if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() < 2
                    || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
                {
                    throw Invalid("$or must be an array of at least two objects.");
                }

                ors.AddRange(property.Value.EnumerateArray().Select(e => ParseObject(e, path)));
                continue;
            }

            fields.Add((property.Name, property.Value.ValueKind switch
            {
                JsonValueKind.Object => new NestedFieldPattern(ParseObject(property.Value, fieldPath)),
                JsonValueKind.Array => ParseLeaf(property.Value, fieldPath),
                _ => throw Invalid($"\"{fieldPath}\" must be an object or an array."),
            }));
        }

        if (fields.Count == 0 && ors.Count == 0 && !isRoot)
        {
            throw Invalid($"\"{path}\" must not be an empty object.");
        }

        return new ObjectPattern(fields, ors);
    }

    private static LeafFieldPattern ParseLeaf(JsonElement array, string path)
    {
        if (array.GetArrayLength() == 0)
        {
            throw Invalid($"Empty arrays are not allowed (\"{path}\").");
        }

        var matchers = new List<LeafMatcher>();
        foreach (var element in array.EnumerateArray())
        {
            matchers.Add(element.ValueKind switch
            {
                JsonValueKind.Object => ParseOperator(element, path),
                JsonValueKind.Array => throw Invalid($"Nested arrays are not allowed (\"{path}\")."),
                _ => ExactMatcher.From(element),
            });
        }

        return new LeafFieldPattern(matchers);
    }

    private static LeafMatcher ParseOperator(JsonElement obj, string path)
    {
        var properties = obj.EnumerateObject().ToList();
        if (properties.Count != 1)
        {
            throw Invalid($"A matcher object must have exactly one operator (\"{path}\").");
        }

        var (op, value) = (properties[0].Name, properties[0].Value);
        return op switch
        {
            "prefix" => value.ValueKind == JsonValueKind.Object
                ? new PrefixMatcher(IgnoreCaseString(value, op, path), IgnoreCase: true)
                : new PrefixMatcher(RequireString(value, op, path), IgnoreCase: false),
            "suffix" => value.ValueKind == JsonValueKind.Object
                ? new SuffixMatcher(IgnoreCaseString(value, op, path), IgnoreCase: true)
                : new SuffixMatcher(RequireString(value, op, path), IgnoreCase: false),
            "equals-ignore-case" => new EqualsIgnoreCaseMatcher(RequireString(value, op, path)),
            "wildcard" => ParseWildcard(RequireString(value, op, path), path),
            "exists" => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new ExistsMatcher(value.GetBoolean())
                : throw Invalid($"exists match pattern must be either true or false (\"{path}\")."),
            "numeric" => ParseNumeric(value, path),
            "cidr" => IPNetwork.TryParse(RequireString(value, op, path), out var network)
                ? new CidrMatcher(network)
                : throw Invalid($"Malformed CIDR, one '/' required (\"{path}\")."),
            "anything-but" => ParseAnythingBut(value, path),
            _ => throw Invalid($"Unrecognized match type {op} (\"{path}\")."),
        };
    }

    private static AnythingButMatcher ParseAnythingBut(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.Number:
                return new AnythingButMatcher([ExactMatcher.From(value)], StringsOnly: false);
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (items.Count == 0 || !(items.All(i => i.ValueKind == JsonValueKind.String) || items.All(i => i.ValueKind == JsonValueKind.Number)))
                {
                    throw Invalid($"Inside anything-but list, all values must be strings or all numbers (\"{path}\").");
                }

                return new AnythingButMatcher(items.Select(ExactMatcher.From).ToList(), StringsOnly: false);
            case JsonValueKind.Object:
                var properties = value.EnumerateObject().ToList();
                if (properties.Count != 1)
                {
                    throw Invalid($"anything-but takes exactly one of prefix, suffix, equals-ignore-case, wildcard (\"{path}\").");
                }

                var (op, inner) = (properties[0].Name, properties[0].Value);
                IReadOnlyList<LeafMatcher> excluded = op switch
                {
                    "prefix" => [new PrefixMatcher(RequireString(inner, op, path), false)],
                    "suffix" => [new SuffixMatcher(RequireString(inner, op, path), false)],
                    "equals-ignore-case" => StringOrList(inner, op, path).Select(s => (LeafMatcher)new EqualsIgnoreCaseMatcher(s)).ToList(),
                    "wildcard" => StringOrList(inner, op, path).Select(s => ParseWildcard(s, path)).ToList(),
                    _ => throw Invalid($"Unsupported anything-but pattern: {op} (\"{path}\")."),
                };
                return new AnythingButMatcher(excluded, StringsOnly: true);
            default:
                throw Invalid($"anything-but must be a string, a number, a list, or an object (\"{path}\").");
        }
    }

    private static NumericMatcher ParseNumeric(JsonElement value, string path)
    {
        var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [];
        if (items.Count is not (2 or 4))
        {
            throw Invalid($"numeric takes one or two operator/value pairs (\"{path}\").");
        }

        var comparisons = new List<(string, double)>();
        for (var i = 0; i < items.Count; i += 2)
        {
            var op = items[i].ValueKind == JsonValueKind.String ? items[i].GetString()! : "";
            if (op is not ("=" or "<" or "<=" or ">" or ">=") || items[i + 1].ValueKind != JsonValueKind.Number)
            {
                throw Invalid($"Unrecognized numeric range operator or value (\"{path}\").");
            }

            comparisons.Add((op, items[i + 1].GetDouble()));
        }

        if (comparisons.Count == 2 && !(comparisons[0].Item1.StartsWith('>') && comparisons[1].Item1.StartsWith('<')))
        {
            throw Invalid($"A numeric range is a lower bound followed by an upper bound (\"{path}\").");
        }

        return new NumericMatcher(comparisons);
    }

    private static WildcardMatcher ParseWildcard(string text, string path)
    {
        try
        {
            return new WildcardMatcher(Wildcard.Parse(text));
        }
        catch (FormatException ex)
        {
            throw new InvalidEventPatternException($"{ex.Message} (\"{path}\")", ex);
        }
    }

    private static string IgnoreCaseString(JsonElement value, string op, string path)
    {
        var properties = value.EnumerateObject().ToList();
        if (properties.Count != 1 || properties[0].Name != "equals-ignore-case")
        {
            throw Invalid($"{op} takes a string or {{\"equals-ignore-case\": string}} (\"{path}\").");
        }

        return RequireString(properties[0].Value, op, path);
    }

    private static List<string> StringOrList(JsonElement value, string op, string path) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array when value.GetArrayLength() > 0 && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            value.EnumerateArray().Select(e => e.GetString()!).ToList(),
        _ => throw Invalid($"{op} must be a string or a list of strings (\"{path}\")."),
    };

    private static string RequireString(JsonElement value, string op, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid($"{op} match pattern must be a string (\"{path}\").");

    private static InvalidEventPatternException Invalid(string reason) => new($"Event pattern is not valid. Reason: {reason}");
}
