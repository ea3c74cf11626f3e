using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>One PutEvents entry as Step Functions sends it (Detail already serialized to JSON text).</summary>
public sealed record EventEntry(string? EventBusName, string Source, string DetailType, string Detail, IReadOnlyList<string> Resources, DateTimeOffset? Time);

/// <summary>The local bus: publishes entries and returns one event id per entry (null where that entry failed, with its error code).</summary>
public interface IEventPublisher
{
    /// <summary>Publishes the entries.</summary>
    Task<IReadOnlyList<(string? EventId, string? ErrorCode, string? ErrorMessage)>> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken);
}

/// <summary>
/// <c>arn:aws:states:::events:putEvents</c>: Parameters <c>{ "Entries": [ { "Detail", "DetailType", "Source", "EventBusName", ... } ] }</c>,
/// result <c>{ "Entries": [ { "EventId" } ], "FailedEntryCount": 0 }</c>. Failed entries fail the task with <c>EventBridge.FailedEntry</c>.
/// </summary>
public sealed class EventsTaskInvoker(IEventPublisher publisher) : ITaskInvoker
{
    private const string Arn = "arn:aws:states:::events:putEvents";

    /// <inheritdoc />
    public bool CanInvoke(string resource) => resource == Arn;

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Parameters is not JsonObject parameters || parameters["Entries"] is not JsonArray entriesNode || entriesNode.Count is 0 or > 10)
        {
            throw new StatesException("EventBridge.ValidationException", "putEvents needs 'Entries': an array of 1 to 10 entries.");
        }

        var entries = new List<EventEntry>();
        foreach (var node in entriesNode)
        {
            if (node is not JsonObject e || !JsonValues.TryGetString(e["Source"], out var source) || !JsonValues.TryGetString(e["DetailType"], out var detailType))
            {
                throw new StatesException("EventBridge.ValidationException", "Each entry needs string 'Source' and 'DetailType'.");
            }

            var detail = e["Detail"] switch
            {
                null => "{}",
                var d when JsonValues.TryGetString(d, out var text) => text,
                var d => JsonValues.Serialize(d),
            };
            JsonValues.TryGetString(e["EventBusName"], out var bus);
            var resources = (e["Resources"] as JsonArray)?.Select(r => r?.GetValue<string>() ?? string.Empty).ToList() ?? [];
            DateTimeOffset? time = JsonValues.TryGetString(e["Time"], out var t) && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            entries.Add(new EventEntry(bus.Length > 0 ? bus : null, source, detailType, detail, resources, time));
        }

        var results = await publisher.PutEventsAsync(entries, cancellationToken);
        var failed = results.Count(r => r.EventId is null);
        if (failed > 0)
        {
            var first = results.First(r => r.EventId is null);
            throw new StatesException("EventBridge.FailedEntry", $"{failed} entr(ies) failed: {first.ErrorCode}: {first.ErrorMessage}");
        }

        return new JsonObject
        {
            ["Entries"] = new JsonArray(results.Select(r => (JsonNode?)new JsonObject { ["EventId"] = r.EventId }).ToArray()),
            ["FailedEntryCount"] = 0,
        };
    }
}
