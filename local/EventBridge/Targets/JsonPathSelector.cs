using System.Globalization;
using System.Text.Json;

namespace Fulfilment.Local.EventBridge.Targets;

/// <summary>The JSONPath subset EventBridge accepts in <c>InputPath</c> and <c>InputPathsMap</c>: <c>$</c>, <c>.name</c>, <c>['name']</c>, <c>[index]</c>.</summary>
internal static class JsonPathSelector
{
    public static JsonElement? Select(JsonElement root, string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            throw new FormatException($"'{path}' is not a JSONPath starting with '$'.");
        }

        JsonElement? current = root;
        var i = 1;
        while (i < path.Length && current is { } node)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                current = Property(node, path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"'{path}' has an unclosed '['.");
                }

                var inside = path[(i + 1)..close].Trim();
                current = inside.Length > 1 && inside[0] is '\'' or '"'
                    ? Property(node, inside[1..^1])
                    : Index(node, int.Parse(inside, CultureInfo.InvariantCulture));
                i = close + 1;
            }
            else
            {
                throw new FormatException($"'{path}' is not a supported JSONPath.");
            }
        }

        return current;
    }

    private static JsonElement? Property(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) ? value : null;

    private static JsonElement? Index(JsonElement node, int index) =>
        node.ValueKind == JsonValueKind.Array && index >= 0 && index < node.GetArrayLength() ? node[index] : null;
}
