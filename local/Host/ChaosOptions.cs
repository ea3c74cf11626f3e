using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Local.Host;

/// <summary>
/// Chaos mode of the local stack: faults injected by configuration alone, to prove no order is lost, no stock oversold and
/// nothing charged twice under payment errors, function crashes, edge throttling and duplicate deliveries. Off by default.
/// Loaded from the JSON file given by <c>--chaos FILE</c> or <c>FULFILMENT_CHAOS</c>; see docs/reliability.md.
/// </summary>
public sealed record ChaosOptions
{
    private readonly IReadOnlyList<EdgeChaosRule> _edge = [];

    /// <summary>The environment variable naming a chaos file when <c>--chaos</c> is not given.</summary>
    public const string EnvironmentVariable = "FULFILMENT_CHAOS";

    /// <summary>Seed for every random draw, for reproducible runs; null is random.</summary>
    public int? Seed { get; init; }

    /// <summary>The fake card processor's faults: a share of requests fails (503 by default), every request waits the added latency.</summary>
    public PaymentChaos? Payment { get; init; }

    /// <summary>Probability (0–1) that a function invocation by the workflow crashes its process mid-invocation (<c>Runtime.ExitError</c>).</summary>
    public double LambdaCrashRate { get; init; }

    /// <summary>Probability (0–1) that a message of the new-orders queue is delivered to the intake function twice, concurrently.</summary>
    public double DuplicateDeliveryRate { get; init; }

    /// <summary>
    /// Seconds between restarts of DynamoDB Local: the JVM is stopped with work in flight and started again on the same
    /// port and data, while the rest of the stack keeps running; 0 is off. Needs a data directory (not <c>--in-memory</c>).
    /// </summary>
    public double DynamoDbRestartEverySeconds { get; init; }

    /// <summary>How many DynamoDB Local restarts to cause before the stack runs undisturbed again; 0 keeps restarting until the stack stops.</summary>
    public int DynamoDbRestartCount { get; init; }

    /// <summary>Faults the AWS edge answers instead of the service (throttling, 5xx, latency, transaction conflicts).</summary>
    public IReadOnlyList<EdgeChaosRule> Edge
    {
        get => _edge;

        // The source-generated reader sets every init-only property, passing null for a key the file leaves out.
        init => _edge = value ?? [];
    }

    /// <summary>True when any knob is on.</summary>
    [JsonIgnore]
    public bool Enabled => Payment is { ErrorRate: > 0 } or { AddedLatencyMs: > 0 } || LambdaCrashRate > 0 || DuplicateDeliveryRate > 0 || DynamoDbRestartEverySeconds > 0 || Edge.Count > 0;

    /// <summary>Reads and validates a chaos file; the exception says what is wrong and where.</summary>
    public static ChaosOptions Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new ChaosConfigurationException($"Chaos file '{path}' does not exist.");
        }

        ChaosOptions? options;
        try
        {
            options = JsonSerializer.Deserialize(File.ReadAllText(path), ChaosJsonContext.Default.ChaosOptions);
        }
        catch (JsonException ex)
        {
            throw new ChaosConfigurationException($"Chaos file '{path}' is not valid: {ex.Message}", ex);
        }

        if (options is null)
        {
            throw new ChaosConfigurationException($"Chaos file '{path}' is empty (null).");
        }

        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new ChaosConfigurationException($"Chaos file '{path}': {string.Join("; ", problems)}.");
    }

    /// <summary>Every problem with the settings (empty when usable).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        static bool Rate(double r) => r is >= 0 and <= 1;
        if (!Rate(LambdaCrashRate))
        {
            problems.Add("lambdaCrashRate must be between 0 and 1");
        }

        if (!Rate(DuplicateDeliveryRate))
        {
            problems.Add("duplicateDeliveryRate must be between 0 and 1");
        }

        if (DynamoDbRestartEverySeconds is < 0 or (> 0 and < 5))
        {
            problems.Add("dynamoDbRestartEverySeconds must be 0 (off) or at least 5 (DynamoDB Local needs seconds to start)");
        }

        if (DynamoDbRestartCount < 0)
        {
            problems.Add("dynamoDbRestartCount must be 0 (no limit) or more");
        }

        if (Payment is { } payment && payment.ToFaultSettings().Validate() is { } paymentProblem)
        {
            problems.Add("payment: " + paymentProblem.Replace("error_rate", "errorRate", StringComparison.Ordinal)
                .Replace("added_latency_ms", "addedLatencyMs", StringComparison.Ordinal).Replace("error_status", "errorStatus", StringComparison.Ordinal).TrimEnd('.'));
        }

        for (var i = 0; i < Edge.Count; i++)
        {
            var rule = Edge[i];
            if (!Rate(rule.Rate))
            {
                problems.Add($"edge[{i}].rate must be between 0 and 1");
            }

            if (string.IsNullOrWhiteSpace(rule.Operation))
            {
                problems.Add($"edge[{i}].operation must name an operation (e.g. PutEvents, TransactWriteItems) or be \"*\"");
            }

            if (rule.LatencyMs is < 0 or > 60_000)
            {
                problems.Add($"edge[{i}].latencyMs must be between 0 and 60000");
            }
        }

        return problems;
    }
}

/// <summary>The fake card processor's fault settings in a chaos file.</summary>
public sealed record PaymentChaos(double ErrorRate = 0, int AddedLatencyMs = 0, int ErrorStatus = 503)
{
    /// <summary>The processor's own settings type.</summary>
    public PaymentProcessor.FaultSettings ToFaultSettings() => new(ErrorRate, AddedLatencyMs, ErrorStatus);
}

/// <summary>One edge fault rule in a chaos file: <see cref="Fault"/> on <see cref="Operation"/> at <see cref="Rate"/>.</summary>
public sealed record EdgeChaosRule(string Operation = "*", Edge.ChaosFault Fault = Edge.ChaosFault.Throttling, double Rate = 1.0, int LatencyMs = 200);

/// <summary>A chaos file that cannot be used: the message says what to fix.</summary>
public sealed class ChaosConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChaosConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChaosConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChaosConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Source-generated JSON for chaos files: camelCase, enums as strings, comments and trailing commas allowed, unknown keys refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChaosOptions))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext
{
}
