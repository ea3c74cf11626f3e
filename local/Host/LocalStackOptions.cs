namespace Fulfilment.Local.Host;

/// <summary>How the local stack runs: ports, where it keeps its data, how functions run.</summary>
public sealed record LocalStackOptions
{
    /// <summary>The API's port (the API Gateway stand-in); 0 takes a free one (tests).</summary>
    public int ApiPort { get; init; } = 3000;

    /// <summary>The AWS edge's port; 0 takes a free one (tests).</summary>
    public int EdgePort { get; init; } = 4566;

    /// <summary>Keep nothing: every emulator in memory, nothing under <see cref="DataDirectory"/>.</summary>
    public bool InMemory { get; init; }

    /// <summary>Where state survives restarts (DynamoDB, executions, idempotency keys, queues, events).</summary>
    public string DataDirectory { get; init; } = ".fulfilment";

    /// <summary>The API key clients send in <c>x-api-key</c>.</summary>
    public string ApiKey { get; init; } = Api.ApiOptions.DefaultApiKey;

    /// <summary>Run every function as its own process on the Lambda Runtime API (default) or in this process (tests, speed).</summary>
    public FunctionMode Functions { get; init; } = FunctionMode.Process;

    /// <summary>Processes (or parallel in-process invocations) per function.</summary>
    public int FunctionConcurrency { get; init; } = 2;

    /// <summary>Visibility timeout of the new-orders queue; null is 6 × the intake timeout, as in AWS. Tests shorten it to see redelivery and the DLQ quickly.</summary>
    public TimeSpan? QueueVisibilityTimeout { get; init; }

    /// <summary>The stock to seed on a fresh data directory; null skips seeding.</summary>
    public string? SeedFile { get; init; } = "seed-stock.json";

    /// <summary>Chaos mode: faults injected by configuration (see <see cref="ChaosOptions"/>); null is off.</summary>
    public ChaosOptions? Chaos { get; init; }

    /// <summary>The repository root (for workflows/, tools/ and the services' build output); null finds it from the working directory.</summary>
    public string? RepositoryRoot { get; init; }
}

/// <summary>Where the service handlers run.</summary>
public enum FunctionMode
{
    /// <summary>Each function is a process speaking the Lambda Runtime API, like its container image in AWS.</summary>
    Process,

    /// <summary>Handlers are invoked in this process through their registries (same serialization and errors).</summary>
    InProcess,
}
