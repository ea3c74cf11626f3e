using Amazon.CDK;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace Fulfilment.Cdk.Components;

/// <summary>The new-orders queue with its dead-letter queue, consumed by the intake function with partial batch responses.</summary>
public sealed class OrderIntake : Construct
{
    /// <summary>Batch size of the intake event source: one SQS receive's worth.</summary>
    public const int BatchSize = 10;

    /// <summary>Creates both queues and connects the intake function.</summary>
    public OrderIntake(Construct scope, string id, FulfilmentStackProps props, ServiceFunctions functions)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(functions);
        DeadLetterQueue = new Queue(this, "Dlq", new QueueProps
        {
            QueueName = props.Name(Catalogue.DeadLetterQueueName),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            // The longest SQS keeps anything: ops need time to inspect and re-drive (StartMessageMoveTask).
            RetentionPeriod = Duration.Days(14),
        });
        GuardSuppressions.Suppress(DeadLetterQueue, "sqs_dlq_check",
            "This is the dead-letter queue: its messages are re-driven by ops (StartMessageMoveTask); a DLQ of the DLQ would only move the same messages one queue further.");
        Queue = new Queue(this, "Queue", new QueueProps
        {
            QueueName = props.Name(Catalogue.QueueName),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            // AWS's rule for Lambda event sources: at least 6 x the function timeout, so a batch still being
            // retried by the poller is not delivered a second time.
            VisibilityTimeout = Duration.Seconds(6 * Catalogue.OrderIntake.Timeout.TotalSeconds),
            RetentionPeriod = Duration.Days(4),
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = Catalogue.MaxReceiveCount },
        });
        functions.Get(Catalogue.OrderIntake).AddEventSource(new SqsEventSource(Queue, new SqsEventSourceProps
        {
            BatchSize = BatchSize,
            // A short window fills batches under load without adding noticeable latency to a lone order.
            MaxBatchingWindow = Duration.Seconds(1),
            ReportBatchItemFailures = true,
            MaxConcurrency = props.IntakeMaxConcurrency,
        }));
    }

    /// <summary><c>fulfilment-new-orders</c>.</summary>
    public Queue Queue { get; }

    /// <summary><c>fulfilment-new-orders-dlq</c>.</summary>
    public Queue DeadLetterQueue { get; }
}
