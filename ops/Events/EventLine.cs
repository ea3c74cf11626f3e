using System.Text.Json;

namespace Fulfilment.Ops.Events;

/// <summary>One event as a line for people: time, detail-type, status (sequence), order, reason.</summary>
internal static class EventLine
{
    public static string Format(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
        return string.Join(
            "  ",
            new[]
            {
                Text(root, "time") ?? Text(detail, "occurredAt"),
                Text(root, "detail-type"),
                $"{Text(detail, "status")}#{Raw(detail, "sequence")}",
                Text(detail, "orderId"),
                Text(detail, "reason"),
            }.Where(s => !string.IsNullOrEmpty(s)));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Raw(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : null;
}
