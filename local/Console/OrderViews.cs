using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Storage;

namespace Fulfilment.Local.OpsConsole;

/// <summary>One step of an order's status history.</summary>
public sealed record StatusStep(string Status, string? At);

/// <summary>Everything about one order: its item, reservation, payment, ledger, notifications and published events.</summary>
public sealed record OrderDetail(
    string OrderId,
    JsonObject? Order,
    IReadOnlyList<StatusStep> StatusHistory,
    JsonObject? Reservation,
    JsonObject? Payment,
    IReadOnlyList<LedgerRow> Ledger,
    IReadOnlyList<NotificationRow> Notifications,
    IReadOnlyList<JsonObject> Events,
    string ExecutionName);

/// <summary>Reads one order from the four tables (docs/data-model.md), the card ledger, the inbox and the events file.</summary>
public sealed class OrderViews(IConsoleSources sources)
{
    /// <summary>The order, or null when no table and no event knows it.</summary>
    public async Task<OrderDetail?> DescribeAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await GetAsync(FulfilmentTables.Orders.Name, orderId, "ORDER", cancellationToken);
        var reservation = await GetAsync(FulfilmentTables.Inventory.Name, orderId, "RESERVATION", cancellationToken);
        var payment = await GetAsync(FulfilmentTables.Payments.Name, orderId, "PAYMENT", cancellationToken);
        var events = await EventsOfAsync(orderId, cancellationToken);
        if (order is null && reservation is null && payment is null && events.Count == 0)
        {
            return null;
        }

        var history = new List<StatusStep>();
        if (order?["statusHistory"] is JsonArray statuses)
        {
            var times = order["statusTimes"] as JsonObject;
            foreach (var status in statuses.Select(s => s?.GetValue<string>()).OfType<string>())
            {
                history.Add(new StatusStep(status, times?[status]?.GetValue<string>()));
            }
        }

        return new OrderDetail(orderId, order, history, reservation, payment, sources.Ledger(orderId), sources.Notifications(orderId), events, orderId);
    }

    private async Task<JsonObject?> GetAsync(string table, string orderId, string sortKey, CancellationToken cancellationToken)
    {
        var response = await sources.Dynamo.GetItemAsync(
            new GetItemRequest { TableName = table, Key = Keys.Item(Keys.Order(orderId), sortKey), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? AttributeJson.ToJson(item) : null;
    }

    private async Task<IReadOnlyList<JsonObject>> EventsOfAsync(string orderId, CancellationToken cancellationToken)
    {
        var result = new List<JsonObject>();
        if (!File.Exists(sources.EventsFile))
        {
            return result;
        }

        // The bus appends while we read: share the file, and skip a last line that is still being written.
        await using var stream = new FileStream(sources.EventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || !line.Contains(orderId, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(line) is JsonObject e && e["detail"]?["orderId"]?.GetValue<string>() == orderId)
                {
                    result.Add(e);
                }
            }
            catch (JsonException)
            {
            }
        }

        return result;
    }
}
