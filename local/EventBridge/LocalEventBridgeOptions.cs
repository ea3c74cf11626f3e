namespace Fulfilment.Local.EventBridge;

/// <summary>Settings of the local bus; the defaults suit the local stack, tests shorten the retry delays.</summary>
public sealed record LocalEventBridgeOptions
{
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>JSON file that keeps buses, rules, targets and archives across restarts; null keeps everything in memory.</summary>
    public string? StatePath { get; init; }

    /// <summary>Retries after the first attempt when a target has no <c>RetryPolicy</c> (AWS defaults to 185 over 24 h; locally fewer).</summary>
    public int DefaultMaximumRetryAttempts { get; init; } = 3;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public int DeliveryConcurrency { get; init; } = 4;
}
