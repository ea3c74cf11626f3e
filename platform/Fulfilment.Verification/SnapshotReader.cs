using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;

namespace Fulfilment.Verification;

/// <summary>Reads a <see cref="SystemSnapshot"/> through the public interfaces and the documented data model (docs/data-model.md).</summary>
public sealed class SnapshotReader(SnapshotSources sources, HttpClient http)
{
    /// <summary>Reads everything; a source that is not configured contributes nothing.</summary>
    public async Task<SystemSnapshot> ReadAsync(CancellationToken ct)
    {
        var orders = new Dictionary<string, OrderRecord>(StringComparer.Ordinal);
        await ScanAsync(sources.OrdersTable, "ORDER", item =>
        {
            var id = S(item, "orderId") ?? item["pk"].S["ORDER#".Length..];
            var lines = item.TryGetValue("lines", out var l) && l.L is { } list
                ? list.Select(m => new LineRecord(S(m.M, "sku") ?? "", N(m.M, "quantity"))).ToList()
                : [];
            var history = item.TryGetValue("statusHistory", out var h) && h.L is { } hl ? hl.Select(v => v.S).ToList() : [];
            orders[id] = new OrderRecord(id, S(item, "status") ?? "", S(item, "reason"), lines, history);
        }, ct);

        var stock = new Dictionary<string, StockRecord>(StringComparer.Ordinal);
        await ScanAsync(sources.InventoryTable, "STOCK", item =>
        {
            var sku = item["pk"].S["SKU#".Length..];
            stock[sku] = new StockRecord(sku, N(item, "available"), N(item, "reserved"), N(item, "sold"));
        }, ct);

        var reservations = new Dictionary<string, ReservationRecord>(StringComparer.Ordinal);
        await ScanAsync(sources.InventoryTable, "RESERVATION", item =>
        {
            var id = S(item, "orderId") ?? item["pk"].S["ORDER#".Length..];
            reservations[id] = new ReservationRecord(id, S(item, "status") ?? "");
        }, ct);

        var payments = new Dictionary<string, PaymentRecord>(StringComparer.Ordinal);
        await ScanAsync(sources.PaymentsTable, "PAYMENT", item =>
        {
            var id = S(item, "orderId") ?? item["pk"].S["ORDER#".Length..];
            payments[id] = new PaymentRecord(id, S(item, "state") ?? "", S(item, "chargeId"), S(item, "refundId"));
        }, ct);

        return new SystemSnapshot
        {
            Orders = orders,
            Stock = stock,
            Reservations = reservations,
            Payments = payments,
            Ledger = await ReadLedgerAsync(ct),
            Events = await ReadEventsAsync(sources.EventsFile, ct),
            DeadLetters = await ReadDeadLettersAsync(ct),
        };
    }

    /// <summary>The processor's ledger (GET /ledger); empty when the sources name no processor.</summary>
    public Task<ProcessorLedger> ReadLedgerAsync(CancellationToken ct) =>
        sources.ProcessorUrl is { } url ? FetchLedgerAsync(http, url, sources.ProcessorApiKey, ct) : Task.FromResult(new ProcessorLedger([], [], 0));

    /// <summary>One processor's ledger as it is now.</summary>
    public static async Task<ProcessorLedger> FetchLedgerAsync(HttpClient http, Uri processorUrl, string apiKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(processorUrl, "ledger"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var root = document.RootElement;
        static List<LedgerRecord> Entries(JsonElement array) => array.EnumerateArray().Select(e => new LedgerRecord(
            e.GetProperty("id").GetString()!,
            e.GetProperty("order_id").GetString()!,
            e.GetProperty("amount").GetInt64(),
            e.TryGetProperty("charge", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)).ToList();
        return new ProcessorLedger(Entries(root.GetProperty("captures")), Entries(root.GetProperty("refunds")), root.TryGetProperty("dropped", out var d) ? d.GetInt64() : 0);
    }

    /// <summary>Every <c>OrderStatusChanged</c> event in an events file (EventBridge envelopes, one per line).</summary>
    public static async Task<IReadOnlyList<StatusEventRecord>> ReadEventsAsync(string? eventsFile, CancellationToken ct)
    {
        var events = new List<StatusEventRecord>();
        if (eventsFile is null || !File.Exists(eventsFile))
        {
            return events;
        }

        // Shared read: the bus may still be appending.
        await using var stream = new FileStream(eventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (!document.RootElement.TryGetProperty("detail", out var detail))
                {
                    continue;
                }

                events.Add(new StatusEventRecord(
                    detail.GetProperty("eventId").GetString() ?? "",
                    detail.GetProperty("orderId").GetString() ?? "",
                    detail.GetProperty("status").GetString() ?? "",
                    detail.TryGetProperty("sequence", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : 0));
            }
            catch (JsonException)
            {
                // A torn last line while the bus writes; the complete line is read next time.
            }
        }

        return events;
    }

    private async Task<IReadOnlyList<string>> ReadDeadLettersAsync(CancellationToken ct)
    {
        if (sources.Sqs is not { } sqs || sources.DeadLetterQueueUrl is not { } url)
        {
            return [];
        }

        // Receive with a visibility timeout long enough to see every message once, then make them visible again.
        var seen = new Dictionary<string, Message>(StringComparer.Ordinal);
        for (var round = 0; round < 1_000; round++)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, VisibilityTimeout = 60, WaitTimeSeconds = 0 }, ct);
            if (received.Messages is not { Count: > 0 } messages)
            {
                break;
            }

            foreach (var m in messages)
            {
                seen.TryAdd(m.MessageId, m);
            }
        }

        foreach (var m in seen.Values)
        {
            try
            {
                await sqs.ChangeMessageVisibilityAsync(url, m.ReceiptHandle, 0, ct);
            }
            catch (Amazon.SQS.AmazonSQSException)
            {
                // Visible again after 60 s anyway; the read is what matters.
            }
        }

        return seen.Values.Select(m => m.Body).ToList();
    }

    private async Task ScanAsync(string table, string sortKey, Action<Dictionary<string, AttributeValue>> onItem, CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await sources.Dynamo.ScanAsync(new ScanRequest
            {
                TableName = table,
                ConsistentRead = true,
                FilterExpression = "sk = :sk",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":sk"] = new() { S = sortKey } },
                ExclusiveStartKey = start,
            }, ct);
            foreach (var item in page.Items ?? [])
            {
                onItem(item);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private static string? S(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.S is { } s ? s : null;

    private static long N(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;
}
