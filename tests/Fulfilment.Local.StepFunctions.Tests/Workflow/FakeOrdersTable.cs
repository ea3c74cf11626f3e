using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>
/// In-memory stand-in for the orders table, used ONLY by the unit tests of the workflow's paths (the real workflow also
/// runs against DynamoDB Local in the lead's integration tests). It implements exactly the workflow's status update:
/// the condition (item exists, status not yet in statusHistory), SET/ADD and ReturnValues ALL_NEW, and the getItem a
/// replayed status write reads the order back with.
/// </summary>
public sealed class FakeOrdersTable : ITaskInvoker
{
    private readonly ConcurrentDictionary<string, Item> items = new(StringComparer.Ordinal);

    public sealed class Item
    {
        public string Status { get; set; } = "Received";

        public string? PreviousStatus { get; set; }

        public int Sequence { get; set; }

        public List<string> History { get; } = [];

        public string? Reason { get; set; }

        public string? UpdatedAt { get; set; }
    }

    /// <summary>Called after a status write was applied, before its result goes back to the engine (crash tests).</summary>
    public Func<string, CancellationToken, Task>? AfterApply { get; set; }

    /// <summary>Creates the item as intake does: status Received, sequence 1, history [Received].</summary>
    public void Seed(string orderId)
    {
        var item = new Item { Sequence = 1 };
        item.History.Add("Received");
        items[$"ORDER#{orderId}"] = item;
    }

    public Item Get(string orderId) => items[$"ORDER#{orderId}"];

    public bool CanInvoke(string resource) => resource is "arn:aws:states:::dynamodb:updateItem" or "arn:aws:states:::dynamodb:getItem";

    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        var p = invocation.Parameters!.AsObject();
        var pk = p["Key"]!["pk"]!["S"]!.GetValue<string>();
        if (invocation.Resource.EndsWith("getItem", StringComparison.Ordinal))
        {
            return items.TryGetValue(pk, out var found) ? new JsonObject { ["Item"] = Attributes(found) } : new JsonObject();
        }

        var values = p["ExpressionAttributeValues"]!.AsObject();
        var status = values[":status"]!["S"]!.GetValue<string>();
        if (!items.TryGetValue(pk, out var item) || item.History.Contains(status))
        {
            throw new StatesException("DynamoDB.ConditionalCheckFailedException", "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException)");
        }

        lock (item)
        {
            item.PreviousStatus = item.Status;
            item.Status = status;
            item.Sequence++;
            item.History.Add(status);
            item.Reason = values[":reason"]!["S"]?.GetValue<string>();
            item.UpdatedAt = values[":at"]!["S"]!.GetValue<string>();
        }

        if (AfterApply is { } after)
        {
            await after(status, cancellationToken);
        }

        return new JsonObject { ["Attributes"] = Attributes(item) };
    }

    private static JsonObject Attributes(Item item) => new()
    {
        ["status"] = new JsonObject { ["S"] = item.Status },
        ["previousStatus"] = new JsonObject { ["S"] = item.PreviousStatus },
        ["statusSequence"] = new JsonObject { ["N"] = item.Sequence.ToString(CultureInfo.InvariantCulture) },
        ["updatedAt"] = new JsonObject { ["S"] = item.UpdatedAt },
    };
}

/// <summary>Collects published events (the bus stand-in for the workflow's unit tests).</summary>
public sealed class FakeBus : IEventPublisher
{
    public ConcurrentQueue<EventEntry> Published { get; } = new();

    public Task<IReadOnlyList<(string? EventId, string? ErrorCode, string? ErrorMessage)>> PutEventsAsync(IReadOnlyList<EventEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var e in entries)
        {
            Published.Enqueue(e);
        }

        return Task.FromResult<IReadOnlyList<(string?, string?, string?)>>([.. entries.Select(_ => ((string?)Guid.NewGuid().ToString(), (string?)null, (string?)null))]);
    }
}
