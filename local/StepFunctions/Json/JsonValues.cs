using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>Small helpers over JSON nodes where a C# <c>null</c> stands for the JSON value <c>null</c>.</summary>
public static class JsonValues
{
    /// <summary>A deep copy (nodes can belong to one parent only).</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>Parses JSON text (the literal <c>null</c> gives <c>null</c>).</summary>
    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    /// <summary>Parses UTF-8 JSON (no string in between).</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json) => JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });

    /// <summary>Compact JSON text of a node (<c>null</c> for a JSON null).</summary>
    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString(CompactOptions);

    /// <summary>The UTF-8 size of the compact JSON text: what the 256 KB payload limit counts.</summary>
    public static int Utf8Size(JsonNode? node) => Encoding.UTF8.GetByteCount(Serialize(node));

    /// <summary>The JSON type name Step Functions uses in messages.</summary>
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>True when the node is a JSON string.</summary>
    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>True when the node is a JSON number.</summary>
    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            value = v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True when the node is a JSON number without a fractional part that fits a long.</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        if (TryGetNumber(node, out var d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>True when the node is a JSON boolean.</summary>
    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>Truthiness for filter existence tests.</summary>
    public static bool IsTruthy(JsonNode? node) => Kind(node) is not (JsonValueKind.Null or JsonValueKind.False);

    /// <summary>Structural equality; numbers compare by value (1 equals 1.0).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        if (TryGetNumber(a, out var x) && TryGetNumber(b, out var y))
        {
            return x.Equals(y);
        }

        return JsonNode.DeepEquals(a, b);
    }

    /// <summary>A JSON number node from a double, written as an integer when it is one.</summary>
    public static JsonNode Number(double value) =>
        Math.Floor(value) == value && Math.Abs(value) < 9e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);

    /// <summary>The options of <see cref="Serialize"/> (compact, relaxed escaping), shared by the history recorder.</summary>
    internal static readonly JsonSerializerOptions CompactOptions = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
