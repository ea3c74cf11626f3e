using Amazon.DynamoDBv2;
using Amazon.SQS;
using Fulfilment.Local.StepFunctions.Service;

namespace Fulfilment.Local.OpsConsole;

/// <summary>Everything the console reads and acts on; the local host adapts its components to this, so the console does not depend on the host.</summary>
public interface IConsoleSources
{
    /// <summary>The Step Functions engine (list, describe, history, redrive, stop).</summary>
    ExecutionService Engine { get; }

    /// <summary>The name of the state machine whose executions the console lists.</summary>
    string StateMachineName { get; }

    /// <summary>DynamoDB with the four tables of docs/data-model.md.</summary>
    IAmazonDynamoDB Dynamo { get; }

    /// <summary>SQS with the new-orders queue and its dead-letter queue.</summary>
    IAmazonSQS Sqs { get; }

    /// <summary>The <c>fulfilment-new-orders</c> queue (where a dead-letter redrive sends messages back to).</summary>
    string QueueUrl { get; }

    /// <summary>The <c>fulfilment-new-orders-dlq</c> queue.</summary>
    string DeadLetterQueueUrl { get; }

    /// <summary>The JSONL file every <c>OrderStatusChanged</c> event is appended to.</summary>
    string EventsFile { get; }

    /// <summary>The card processor's ledger entries of one order.</summary>
    IReadOnlyList<LedgerRow> Ledger(string orderId);

    /// <summary>The notifications the customer of one order was sent.</summary>
    IReadOnlyList<NotificationRow> Notifications(string orderId);
}

/// <summary>One card processor ledger entry: a capture or a refund.</summary>
public sealed record LedgerRow(string Kind, string Id, long Amount, string Currency, string IdempotencyKey, DateTimeOffset At, string? Charge);

/// <summary>One notification received by the inbox.</summary>
public sealed record NotificationRow(string NotificationId, string Kind, string Subject, string Body, DateTimeOffset ReceivedAt);
