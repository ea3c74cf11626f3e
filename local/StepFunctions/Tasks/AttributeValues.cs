using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>Converts between the DynamoDB JSON shapes in ASL parameters and the SDK's <see cref="AttributeValue"/>.</summary>
public static class AttributeValues
{
    /// <summary>A JSON map of attribute values to SDK values.</summary>
    public static Dictionary<string, AttributeValue> ToMap(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            throw new StatesException("DynamoDB.ValidationException", $"Expected a map of attribute values, got {JsonValues.Serialize(node)}.");
        }

        return obj.ToDictionary(p => p.Key, p => ToValue(p.Value), StringComparer.Ordinal);
    }

    /// <summary>One JSON attribute value (<c>{"S": "x"}</c>, <c>{"N": "1"}</c>, ...) to the SDK value.</summary>
    public static AttributeValue ToValue(JsonNode? node)
    {
        if (node is not JsonObject obj || obj.Count != 1)
        {
            throw new StatesException("DynamoDB.ValidationException", $"An attribute value must be an object with exactly one type key, got {JsonValues.Serialize(node)}.");
        }

        var (type, value) = obj.First();
        return type switch
        {
            "S" => new AttributeValue { S = Text(value) },
            "N" => new AttributeValue { N = JsonValues.TryGetNumber(value, out var n) ? n.ToString(CultureInfo.InvariantCulture) : Text(value) },
            "BOOL" => new AttributeValue { BOOL = JsonValues.TryGetBoolean(value, out var b) && b },
            "NULL" => new AttributeValue { NULL = true },
            "B" => new AttributeValue { B = new MemoryStream(Convert.FromBase64String(Text(value))) },
            "SS" => new AttributeValue { SS = Array(value).Select(Text).ToList() },
            "NS" => new AttributeValue { NS = Array(value).Select(Text).ToList() },
            "BS" => new AttributeValue { BS = Array(value).Select(v => new MemoryStream(Convert.FromBase64String(Text(v)))).ToList() },
            "L" => new AttributeValue { L = Array(value).Select(ToValue).ToList() },
            "M" => new AttributeValue { M = ToMap(value) },
            _ => throw new StatesException("DynamoDB.ValidationException", $"Unknown attribute value type '{type}'."),
        };
    }

    /// <summary>An SDK map back to DynamoDB JSON.</summary>
    public static JsonObject FromMap(Dictionary<string, AttributeValue> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var result = new JsonObject();
        foreach (var (key, value) in map)
        {
            result[key] = FromValue(value);
        }

        return result;
    }

    /// <summary>One SDK value back to DynamoDB JSON.</summary>
    public static JsonObject FromValue(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.S is not null)
        {
            return new JsonObject { ["S"] = value.S };
        }

        if (value.N is not null)
        {
            return new JsonObject { ["N"] = value.N };
        }

        if (value.BOOL is { } b)
        {
            return new JsonObject { ["BOOL"] = b };
        }

        if (value.NULL is true)
        {
            return new JsonObject { ["NULL"] = true };
        }

        if (value.B is not null)
        {
            return new JsonObject { ["B"] = Convert.ToBase64String(value.B.ToArray()) };
        }

        if (value.M is not null)
        {
            return new JsonObject { ["M"] = FromMap(value.M) };
        }

        if (value.L is not null)
        {
            return new JsonObject { ["L"] = new JsonArray(value.L.Select(v => (JsonNode?)FromValue(v)).ToArray()) };
        }

        if (value.SS is { Count: > 0 })
        {
            return new JsonObject { ["SS"] = new JsonArray(value.SS.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()) };
        }

        if (value.NS is { Count: > 0 })
        {
            return new JsonObject { ["NS"] = new JsonArray(value.NS.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()) };
        }

        if (value.BS is { Count: > 0 })
        {
            return new JsonObject { ["BS"] = new JsonArray(value.BS.Select(s => (JsonNode?)JsonValue.Create(Convert.ToBase64String(s.ToArray()))).ToArray()) };
        }

        return new JsonObject { ["NULL"] = true };
    }

    private static string Text(JsonNode? node) =>
        JsonValues.TryGetString(node, out var s) ? s : throw new StatesException("DynamoDB.ValidationException", $"Expected a string, got {JsonValues.Serialize(node)}.");

    private static JsonArray Array(JsonNode? node) =>
        node as JsonArray ?? throw new StatesException("DynamoDB.ValidationException", $"Expected an array, got {JsonValues.Serialize(node)}.");
}
