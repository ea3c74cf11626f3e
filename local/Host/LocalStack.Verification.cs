using System.Diagnostics;
using Amazon.SQS.Model;
using Fulfilment.Verification;

namespace Fulfilment.Local.Host;

/// <summary>
/// What reliability runs and their checker need from a running stack: where the state is, the executions ops would
/// redrive, and the DLQ operations of the runbook.
/// </summary>
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

    /// <summary>
    /// What ops do after an outage longer than <c>maxReceiveCount</c> receives (docs/runbook.md, "DLQ not empty"): moves
    /// the dead letters back to the new-orders queue, each sent before it is deleted, except those whose body is in
    /// <paramref name="keepBodies"/> (known poison, which would only come back). Returns how many were moved.
    /// </summary>
    public async Task<int> RedriveDeadLettersAsync(IReadOnlySet<string> keepBodies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keepBodies);

        var moved = 0;
        foreach (var message in await DeadLetterArchive.ReceiveAllOnceAsync(Sqs, DeadLetterQueueUrl, 60, ct))
        {
            if (keepBodies.Contains(message.Body))
            {
                await Sqs.ChangeMessageVisibilityAsync(DeadLetterQueueUrl, message.ReceiptHandle, 0, ct);
                continue;
            }

            await Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = QueueUrl, MessageBody = message.Body, MessageAttributes = message.MessageAttributes }, ct);
            await Sqs.DeleteMessageAsync(DeadLetterQueueUrl, message.ReceiptHandle, ct);
            moved++;
        }

        return moved;
    }

    /// <summary>Every <c>order-fulfilment</c> execution ops would redrive (FAILED, TIMED_OUT, ABORTED), all pages.</summary>
    public async Task<IReadOnlyList<string>> RedrivableExecutionsAsync(CancellationToken ct)
    {
        var arns = new List<string>();
        foreach (var status in new[] { "FAILED", "TIMED_OUT", "ABORTED" })
        {
            string? next = null;
            do
            {
                var page = await Engine.ListExecutionsAsync(FunctionCatalogue.StateMachineArn, status, 1000, next, ct);
                arns.AddRange(page.Items.Select(e => e.ExecutionArn));
                next = page.NextToken;
            }
            while (next is not null);
        }

        return arns;
    }

    /// <summary>Waits until the DLQ holds at least <paramref name="count"/> messages; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForDeadLettersAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var attributes = await Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = DeadLetterQueueUrl, AttributeNames = ["ApproximateNumberOfMessages"] }, ct);
            if (attributes.ApproximateNumberOfMessages >= count)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        return false;
    }
}
