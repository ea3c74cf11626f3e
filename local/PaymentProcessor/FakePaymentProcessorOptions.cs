namespace Fulfilment.Local.PaymentProcessor;

/// <summary>How a <see cref="FakePaymentProcessor"/> starts: port, API key, token behaviours, faults and memory bounds.</summary>
public sealed class FakePaymentProcessorOptions
{
    /// <summary>The API key local runs use when none is configured.</summary>
    public const string DefaultApiKey = "local-processor-key";

    /// <summary>The loopback port to bind; 0 asks the OS for a free one.</summary>
    public int Port { get; init; }

    /// <summary>The key every request must carry as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string ApiKey { get; init; } = DefaultApiKey;

    /// <summary>How many times <c>tok_flaky</c> fails transiently per idempotency key before it succeeds.</summary>
    public int FlakyFailures { get; init; } = 2;

    /// <summary>How long <c>tok_slow</c> takes: longer than a typical per-attempt timeout.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fault injection in force at start; changed at runtime with <c>PUT /admin/faults</c>.</summary>
    public FaultSettings Faults { get; init; } = FaultSettings.None;

    /// <summary>How many idempotency keys (and charges) are remembered before the oldest are forgotten.</summary>
    public int MaxRememberedKeys { get; init; } = 100_000;

    /// <summary>How many ledger entries are kept before the oldest are dropped.</summary>
    public int MaxLedgerEntries { get; init; } = 100_000;

    /// <summary>
    /// Where completed idempotency keys and the ledger are journaled so they survive a restart (JSON lines, appended);
    /// null keeps them in memory only.
    /// </summary>
    public string? JournalPath { get; init; }

    /// <summary>The clock for ledger times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Chaos settings: a share of requests fails with <see cref="ErrorStatus"/>, and every request waits <see cref="AddedLatencyMs"/>.</summary>
public sealed record FaultSettings(double ErrorRate = 0, int AddedLatencyMs = 0, int ErrorStatus = 503)
{
    /// <summary>No faults.</summary>
    public static FaultSettings None { get; } = new();

    /// <summary>Why the settings are invalid, or null when they are usable.</summary>
    public string? Validate() =>
        ErrorRate is < 0 or > 1 ? "error_rate must be between 0 and 1."
        : AddedLatencyMs is < 0 or > 60_000 ? "added_latency_ms must be between 0 and 60000."
        : ErrorStatus is not (429 or 500 or 502 or 503 or 504) ? "error_status must be one of 429, 500, 502, 503, 504."
        : null;
}
