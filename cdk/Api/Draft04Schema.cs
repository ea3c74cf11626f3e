using System.Globalization;
using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Api;

/// <summary>
/// Turns the project's draft-07 JSON Schemas (contracts/schemas) into draft-04, the dialect of API Gateway models and
/// of EventBridge schema registries: local <c>$ref</c>s are inlined, <c>const</c> becomes a one-value <c>enum</c>,
/// <c>propertyNames</c> length limits become <c>patternProperties</c>, and annotations draft-04 lacks are dropped.
/// A keyword it does not know fails the synth, so the schema cannot gain a rule that AWS would silently ignore.
/// </summary>
public static class Draft04Schema
{
    /// <summary>The draft-04 meta-schema URI.</summary>
    public const string MetaSchema = "http://json-schema.org/draft-04/schema#";

    /// <summary>Draft-06+ annotations with no effect on validation: dropped.</summary>
    public static IReadOnlySet<string> DroppedAnnotations { get; } = new HashSet<string>(StringComparer.Ordinal) { "$id", "examples" };

    private static readonly HashSet<string> Draft04Keywords = new(StringComparer.Ordinal)
    {
        "$schema", "title", "description", "type", "properties", "required", "additionalProperties", "patternProperties",
        "items", "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "enum", "oneOf",
        "anyOf", "allOf", "not", "maxProperties", "minProperties", "format", "definitions", "$ref", "default", "uniqueItems",
    };

    /// <summary>The draft-04 form of <paramref name="draft07"/> (the schema document text).</summary>
    public static JsonObject Convert(string draft07)
    {
        var root = JsonNode.Parse(draft07)?.AsObject() ?? throw new ArgumentException("The schema is not a JSON object.", nameof(draft07));
        var definitions = root["definitions"]?.AsObject();
        var converted = ConvertObject(root, definitions, depth: 0);
        converted.Remove("definitions");
        converted["$schema"] = MetaSchema;
        return converted;
    }

    /// <summary>Plain .NET values (dictionaries, arrays, strings, numbers, booleans) that jsii passes to CloudFormation.</summary>
    public static object ToPlainObject(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlainObject(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToPlainObject).ToArray(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v => v.GetValue<double>(),
        _ => throw new NotSupportedException("JSON null has no place in a schema here."),
    };

    private static JsonObject ConvertObject(JsonObject source, JsonObject? definitions, int depth)
    {
        if (depth > 32)
        {
            throw new NotSupportedException("The schema nests deeper than 32 levels (a recursive $ref?): API Gateway models cannot express recursion.");
        }

        if (source["$ref"] is JsonValue reference)
        {
            return ConvertObject(Resolve(reference.GetValue<string>(), definitions), definitions, depth + 1);
        }

        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "definitions":
                    break;
                case var k when DroppedAnnotations.Contains(k):
                    break;
                case "const":
                    result["enum"] = new JsonArray(value?.DeepClone());
                    break;
                case "propertyNames":
                    break; // folded into patternProperties below, together with additionalProperties
                case "properties":
                    result[key] = new JsonObject(value!.AsObject().Select(p =>
                        KeyValuePair.Create(p.Key, (JsonNode?)ConvertObject(p.Value!.AsObject(), definitions, depth + 1))));
                    break;
                case "items" or "additionalProperties" or "not" when value is JsonObject schema:
                    result[key] = ConvertObject(schema, definitions, depth + 1);
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    result[key] = new JsonArray([.. value!.AsArray().Select(s => (JsonNode?)ConvertObject(s!.AsObject(), definitions, depth + 1))]);
                    break;
                case var k when Draft04Keywords.Contains(k):
                    result[key] = value?.DeepClone();
                    break;
                default:
                    throw new NotSupportedException($"JSON Schema keyword '{key}' has no draft-04 form here; teach Draft04Schema to convert it before using it in contracts/schemas.");
            }
        }

        if (source["propertyNames"] is JsonObject names)
        {
            FoldPropertyNames(names, result);
        }

        return result;
    }

    // propertyNames {minLength, maxLength} + additionalProperties S  ==  patternProperties {"^.{min,max}$": S} + no others.
    private static void FoldPropertyNames(JsonObject names, JsonObject result)
    {
        if (names.Any(p => p.Key is not ("minLength" or "maxLength")))
        {
            throw new NotSupportedException("Only propertyNames with minLength/maxLength convert to draft-04 (as patternProperties).");
        }

        var min = names["minLength"]?.GetValue<int>() ?? 0;
        var max = names["maxLength"]?.GetValue<int>();
        var valueSchema = result["additionalProperties"] is JsonObject s ? s.DeepClone() : new JsonObject();
        var pattern = string.Create(CultureInfo.InvariantCulture, $"^[\\s\\S]{{{min},{max}}}$");
        result["patternProperties"] = new JsonObject { [pattern] = valueSchema };
        result["additionalProperties"] = false;
    }

    private static JsonObject Resolve(string reference, JsonObject? definitions)
    {
        const string Prefix = "#/definitions/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal) || definitions?[reference[Prefix.Length..]] is not JsonObject target)
        {
            throw new NotSupportedException($"Only local '#/definitions/Name' references are supported, got '{reference}'.");
        }

        return target;
    }
}
