namespace Fulfilment.Local.Api;

/// <summary>How the local API behaves: its keys and their usage plans, where accepted orders go, and its limits.</summary>
public sealed record ApiOptions
{
    /// <summary>The default key of the local stack (override with <c>FULFILMENT_API_KEY</c>).</summary>
    public const string DefaultApiKey = "local-dev-key";

    /// <summary>Accepted API keys and the throttling plan of each (like an API Gateway usage plan).</summary>
    public IReadOnlyDictionary<string, UsagePlan> ApiKeys { get; init; } = new Dictionary<string, UsagePlan>(StringComparer.Ordinal)
    {
        [DefaultApiKey] = UsagePlan.Default,
    };

    /// <summary>URL of the <c>fulfilment-new-orders</c> queue.</summary>
    public required string QueueUrl { get; init; }

    /// <summary>SQLite file of the messages the API sent (re-queued after a restart when intake never saw them); null keeps it in memory.</summary>
    public string? AcceptedOrdersDatabasePath { get; init; }

    /// <summary>How long a client may take to send its body before the request is refused (slow-body protection).</summary>
    public TimeSpan BodyReadTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>A token bucket per API key: <see cref="RatePerSecond"/> steady requests with bursts up to <see cref="Burst"/>.</summary>
public sealed record UsagePlan(int RatePerSecond, int Burst)
{
    /// <summary>The local default: generous enough for the load generator, still a real limit.</summary>
    public static UsagePlan Default { get; } = new(RatePerSecond: 500, Burst: 1000);
}
