using System.Text;
using System.Text.Json;
using Fulfilment.Aws.EventBridge.Model;

namespace Fulfilment.Local.EventBridge.Targets;

/// <summary>Computes what a target receives from an event: the whole event, <c>Input</c>, <c>InputPath</c> or <c>InputTransformer</c>.</summary>
internal static class InputTransformation
{
    public static string Apply(Target target, JsonElement evt, string eventJson, string ruleName, string ruleArn)
    {
        if (target.Input is not null)
        {
            return target.Input;
        }

        if (target.InputPath is not null)
        {
            var selected = JsonPathSelector.Select(evt, target.InputPath);
            return selected is { } s ? s.GetRawText() : "null";
        }

        return target.InputTransformer is { } transformer ? Transform(transformer, evt, eventJson, ruleName, ruleArn) : eventJson;
    }

    private static string Transform(InputTransformer transformer, JsonElement evt, string eventJson, string ruleName, string ruleArn)
    {
        var values = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var (name, path) in transformer.InputPathsMap ?? new Dictionary<string, string>())
        {
            values[name] = JsonPathSelector.Select(evt, path);
        }

        var predefined = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws.events.rule-name"] = JsonSerializer.Serialize(ruleName, LocalEventBridgeJsonContext.Default.String),
            ["aws.events.rule-arn"] = JsonSerializer.Serialize(ruleArn, LocalEventBridgeJsonContext.Default.String),
            ["aws.events.event"] = eventJson,
            ["aws.events.event.json"] = eventJson,
            ["aws.events.event.ingestion-time"] = JsonSerializer.Serialize(
                evt.TryGetProperty("time", out var time) ? time.GetString() ?? "" : "", LocalEventBridgeJsonContext.Default.String),
        };

        // Placeholders inside a JSON string take the value's text; outside, its JSON (AWS InputTemplate rules).
        var template = transformer.InputTemplate;
        var output = new StringBuilder(template.Length + 64);
        var inString = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '"' && (i == 0 || template[i - 1] != '\\'))
            {
                inString = !inString;
            }

            if (c == '<')
            {
                var close = template.IndexOf('>', i + 1);
                var name = close > i ? template[(i + 1)..close] : "";
                if (values.TryGetValue(name, out var value))
                {
                    output.Append(Render(value, inString));
                    i = close;
                    continue;
                }

                if (predefined.TryGetValue(name, out var raw))
                {
                    output.Append(inString ? Unquote(raw) : raw);
                    i = close;
                    continue;
                }
            }

            output.Append(c);
        }

        return output.ToString();
    }

    private static string Render(JsonElement? value, bool inString)
    {
        if (value is not { } v)
        {
            return inString ? "" : "null";
        }

        if (!inString)
        {
            return v.GetRawText();
        }

        return v.ValueKind == JsonValueKind.String ? Unquote(v.GetRawText()) : Unquote(JsonSerializer.Serialize(v.GetRawText(), LocalEventBridgeJsonContext.Default.String));
    }

    private static string Unquote(string jsonString) => jsonString.Length >= 2 && jsonString[0] == '"' ? jsonString[1..^1] : jsonString;
}
