namespace Fulfilment.Local.Lambda.Sqs;

/// <summary>The settings of an SQS event source mapping, named as in Lambda's <c>CreateEventSourceMapping</c>.</summary>
public sealed record SqsEventSourceMappingOptions
{
    /// <summary>The queue to poll.</summary>
    public required string QueueUrl { get; init; }

    /// <summary>The function to invoke with each batch.</summary>
    public required string FunctionName { get; init; }

    /// <summary>Most messages per invocation (Lambda: 1–10,000; over 10 needs a batching window).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>How long to keep gathering messages before invoking with fewer than <see cref="BatchSize"/> (0: invoke with what one receive returns).</summary>
    public TimeSpan MaximumBatchingWindow { get; init; } = TimeSpan.Zero;

    /// <summary>Long-poll wait of each receive, 0–20 s; disposing interrupts it.</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>Concurrent pollers, each with at most one batch in flight (Lambda scales these; we fix them).</summary>
    public int Pollers { get; init; } = 2;

    /// <summary>Whether the function's <c>SQSBatchResponse</c> is honoured (<c>FunctionResponseTypes: [ReportBatchItemFailures]</c>).</summary>
    public bool ReportBatchItemFailures { get; init; } = true;

    /// <summary>Overrides the queue's visibility timeout for received messages (null: the queue's own).</summary>
    public int? VisibilityTimeoutSeconds { get; init; }

    /// <summary>Pause after a failed receive (queue missing, emulator restarting) before polling again.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Receives a line for every batch outcome and every poll error.</summary>
    public Action<string>? Log { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(QueueUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(FunctionName);
        if (BatchSize is < 1 or > 10_000 || (BatchSize > 10 && MaximumBatchingWindow <= TimeSpan.Zero))
        {
            throw new ArgumentException("BatchSize must be 1-10, or up to 10,000 with a MaximumBatchingWindow (as in Lambda).");
        }

        if (WaitTimeSeconds is < 0 or > 20 || Pollers < 1 || MaximumBatchingWindow < TimeSpan.Zero || MaximumBatchingWindow > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException("WaitTimeSeconds must be 0-20, Pollers >= 1 and MaximumBatchingWindow 0-300 s.");
        }
    }
}
