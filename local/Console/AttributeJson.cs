using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Fulfilment.Local.OpsConsole;

/// <summary>DynamoDB items as plain JSON for the page (numbers as numbers, sets as arrays), so the page needs no DynamoDB typing.</summary>
internal static class AttributeJson
{
    public static JsonObject ToJson(Dictionary<string, AttributeValue> item)
    {
        var result = new JsonObject();
        foreach (var (key, value) in item.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            result[key] = ToJson(value);
        }

        return result;
    }

    public static JsonNode? ToJson(AttributeValue value) => value switch
    {
        { S: { } s } => JsonValue.Create(s),
        { N: { } n } => Number(n),
        { BOOL: { } b } => JsonValue.Create(b),
        { NULL: true } => null,
        { L: { } l } => new JsonArray([.. l.Select(ToJson)]),
        { M: { } m } => ToJson(m),
        { SS: { } ss } => new JsonArray([.. ss.Select(s => (JsonNode?)JsonValue.Create(s))]),
        { NS: { } ns } => new JsonArray([.. ns.Select(Number)]),
        _ => null,
    };

    public static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n && long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : 0;

    public static string? String(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;

    private static JsonNode Number(string n) =>
        long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? JsonValue.Create(whole)
            : JsonValue.Create(decimal.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture));
}
