using Amazon.DynamoDBv2;
using Amazon.SQS;

namespace Fulfilment.Verification;

/// <summary>Where the checker reads the state from: the documented tables, the processor's ledger, the events file, the DLQ.</summary>
public sealed record SnapshotSources
{
    /// <summary>DynamoDB (DynamoDB Local, the edge, or AWS).</summary>
    public required IAmazonDynamoDB Dynamo { get; init; }

    /// <summary>Table names; default the fixed names of DESIGN section 7.</summary>
    public string OrdersTable { get; init; } = Storage.FulfilmentTables.Orders.Name;

    /// <summary>The inventory table.</summary>
    public string InventoryTable { get; init; } = Storage.FulfilmentTables.Inventory.Name;

    /// <summary>The payments table.</summary>
    public string PaymentsTable { get; init; } = Storage.FulfilmentTables.Payments.Name;

    /// <summary>The card processor's base URL (GET /ledger); null: an empty ledger is assumed and reported as incomplete.</summary>
    public Uri? ProcessorUrl { get; init; }

    /// <summary>The processor's API key (sent as a bearer token).</summary>
    public string ProcessorApiKey { get; init; } = "local-processor-key";

    /// <summary>The events file (one EventBridge envelope per line); null: no events are read.</summary>
    public string? EventsFile { get; init; }

    /// <summary>The SQS client and DLQ URL; null: the DLQ is not read.</summary>
    public IAmazonSQS? Sqs { get; init; }

    /// <summary>URL of <c>fulfilment-new-orders-dlq</c>.</summary>
    public string? DeadLetterQueueUrl { get; init; }
}
