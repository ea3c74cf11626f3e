namespace Fulfilment.Local.Host;

public sealed partial class LocalStack
{
    // Its failed messages still hidden at the stop are kept with the ones the archive can receive.
    private Fulfilment.Local.Lambda.Sqs.SqsEventSourceMapping? _intakeMapping;

    /// <summary>
    /// The SQS emulator forgets its messages on stop: what is still on the new-orders queue (malformed or poison messages
    /// between their receives, orders not yet delivered) is saved to the data directory and restored here, before anything
    /// consumes the queue, with its receive count (<see cref="QueuedMessageArchive"/>). The mapping stops first, so its
    /// failed messages still hidden by their visibility timeout are final by then. Registered after the DLQ's archive,
    /// so on stop it runs first: a message that our drain pushes past <c>maxReceiveCount</c> lands in the DLQ, which is saved next.
    /// </summary>
    private async Task KeepQueuedMessagesAcrossRestartsAsync(Amazon.SQS.IAmazonSQS sqs, string archive, CancellationToken ct)
    {
        var (queued, deadLettered) = await QueuedMessageArchive.RestoreAsync(sqs, QueueUrl, DeadLetterQueueUrl, archive, ct);
        if (queued + deadLettered > 0)
        {
            _log($"restored {queued} queued message(s) kept when the stack last stopped" + (deadLettered > 0 ? $"; {deadLettered} past maxReceiveCount went to the DLQ" : string.Empty));
        }

        OnStop("queued-message archive", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var saved = await QueuedMessageArchive.SaveAsync(sqs, QueueUrl, _intakeMapping?.HiddenFailedMessages ?? [], archive, timeout.Token);
            if (saved > 0)
            {
                _log($"kept {saved} queued message(s) in {archive} for the next start");
            }
        });
    }
}
