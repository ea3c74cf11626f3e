using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Inventory;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Storage;

namespace Fulfilment.Local.Host;

/// <summary>Creates what the CDK app creates in AWS, with the same names: tables, queues, bus and rule, state machine; seeds stock.</summary>
internal static class Provisioning
{
    public static Task CreateTablesAsync(IAmazonDynamoDB dynamo, CancellationToken ct) =>
        TableProvisioner.EnsureTablesAsync(dynamo, FulfilmentTables.All, ct);

    /// <summary>The new-orders queue with its DLQ after 3 receives; visibility 6 × the intake timeout, as in AWS.</summary>
    public static async Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateQueuesAsync(IAmazonSQS sqs, TimeSpan visibilityTimeout, CancellationToken ct)
    {
        var dlqUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = FunctionCatalogue.DeadLetterQueueName,
            Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" },
        }, ct)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], ct)).QueueARN;
        var redrive = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"3"}""";
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = FunctionCatalogue.QueueName,
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = ((int)visibilityTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = redrive,
            },
        }, ct)).QueueUrl;
        return (queueUrl, dlqUrl);
    }

    /// <summary>Bus <c>fulfilment</c> and a rule that appends every <c>OrderStatusChanged</c> event to the events file.</summary>
    public static async Task CreateBusAsync(LocalEventBridge bus, string eventsFile, CancellationToken ct)
    {
        try
        {
            await bus.CreateEventBusAsync(new CreateEventBusRequest { Name = FunctionCatalogue.EventBusName, Description = "Order status events" }, ct);
        }
        catch (Fulfilment.Aws.EventBridge.ResourceAlreadyExistsException)
        {
            // Kept from the last run: rules and targets below are upserts.
        }

        await bus.PutRuleAsync(new PutRuleRequest
        {
            Name = "order-status-to-events-file",
            EventBusName = FunctionCatalogue.EventBusName,
            Description = "Every OrderStatusChanged event, appended to .fulfilment/events.jsonl for people and tools to follow.",
            EventPattern = """{"source":["fulfilment.orders"],"detail-type":["OrderStatusChanged"]}""",
        }, ct);
        await bus.PutTargetsAsync(new PutTargetsRequest
        {
            Rule = "order-status-to-events-file",
            EventBusName = FunctionCatalogue.EventBusName,
            Targets = [new Target { Id = "events-file", Arn = new Uri(Path.GetFullPath(eventsFile)).AbsoluteUri }],
        }, ct);
    }

    /// <summary>Creates or updates <c>order-fulfilment</c> from <c>workflows/</c>, placeholders substituted.</summary>
    public static async Task<string> CreateStateMachineAsync(ExecutionService engine, string repositoryRoot, CancellationToken ct)
    {
        var path = Path.Combine(repositoryRoot, "workflows", "order-fulfilment.asl.json");
        var definition = FunctionCatalogue.Substitute(await File.ReadAllTextAsync(path, ct));
        try
        {
            return (await engine.CreateStateMachineAsync(FunctionCatalogue.StateMachineName, definition, cancellationToken: ct)).StateMachineArn;
        }
        catch (StepFunctionsException ex) when (ex.ErrorCode == "StateMachineAlreadyExists")
        {
            return (await engine.UpdateStateMachineAsync(FunctionCatalogue.StateMachineArn, definition, cancellationToken: ct)).StateMachineArn;
        }
    }

    /// <summary>Adds the demo catalogue's stock to SKUs that have none recorded yet (a restart changes nothing).</summary>
    public static async Task<int> SeedStockAsync(InventoryService inventory, string seedFile, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(seedFile, ct));
        var seeded = 0;
        foreach (var item in document.RootElement.GetProperty("stock").EnumerateArray())
        {
            var sku = item.GetProperty("sku").GetString()!;
            if (await inventory.GetStockAsync(sku, ct) is null)
            {
                await inventory.SetStockAsync(sku, item.GetProperty("available").GetInt32(), ct);
                seeded++;
            }
        }

        return seeded;
    }
}
