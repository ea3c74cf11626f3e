using Fulfilment.Verification;

namespace Fulfilment.Local.Host;

/// <summary>Where the invariant checker reads this stack's state: its tables, processor ledger, events file and DLQ.</summary>
public sealed partial class LocalStack
{
    /// <summary>
    /// The checker's sources for this stack. The processor journals its ledger in the data directory, so after a restart
    /// the live ledger is the whole ledger.
    /// </summary>
    public SnapshotSources VerificationSources() => new()
    {
        Dynamo = Dynamo,
        ProcessorUrl = PaymentProcessor.BaseAddress,
        ProcessorApiKey = PaymentProcessor.ApiKey,
        EventsFile = EventsFile,
        Sqs = Sqs,
        DeadLetterQueueUrl = DeadLetterQueueUrl,
    };
}
