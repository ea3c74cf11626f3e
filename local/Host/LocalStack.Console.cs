using Amazon.DynamoDBv2;
using Amazon.SQS;
using Fulfilment.Local.OpsConsole;
using Fulfilment.Local.StepFunctions.Service;
using Microsoft.AspNetCore.Routing;

namespace Fulfilment.Local.Host;

/// <summary>The execution console (issue 13, docs/console.md) on the edge at <c>/console/</c>, reading this stack's components.</summary>
public sealed partial class LocalStack
{
    /// <summary>The console's page, e.g. <c>http://127.0.0.1:4566/console/</c>.</summary>
    public Uri ConsoleUrl => new(EdgeUrl, "/console/");

    private void MapConsole(IEndpointRouteBuilder endpoints) => endpoints.MapExecutionConsole(new ConsoleSources(this));

    /// <summary>Reads the stack's properties at request time: the edge maps the console before the later components start.</summary>
    private sealed class ConsoleSources(LocalStack stack) : IConsoleSources
    {
        public ExecutionService Engine => stack.Engine;

        public string StateMachineName => FunctionCatalogue.StateMachineName;

        public IAmazonDynamoDB Dynamo => stack.Dynamo;

        public IAmazonSQS Sqs => stack.Sqs;

        public string QueueUrl => stack.QueueUrl;

        public string DeadLetterQueueUrl => stack.DeadLetterQueueUrl;

        public string EventsFile => stack.EventsFile;

        public IReadOnlyList<LedgerRow> Ledger(string orderId)
        {
            var ledger = stack.PaymentProcessor.Ledger(orderId);
            return
            [
                .. ledger.Captures.Select(c => new LedgerRow("capture", c.Id, c.Amount, c.Currency, c.IdempotencyKey, c.At, c.Charge)),
                .. ledger.Refunds.Select(r => new LedgerRow("refund", r.Id, r.Amount, r.Currency, r.IdempotencyKey, r.At, r.Charge)),
            ];
        }

        public IReadOnlyList<NotificationRow> Notifications(string orderId) =>
            [.. stack.Inbox.Received(orderId).Select(n => new NotificationRow(n.Notification.NotificationId, n.Notification.Kind, n.Notification.Subject, n.Notification.Body, n.ReceivedAt))];
    }
}
