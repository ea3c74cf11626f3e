using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda;

/// <summary>
/// One function of the local Lambda service: its name, handler, limits and environment, and how it runs —
/// as real processes (<see cref="Process"/>) or in this process (<see cref="Registry"/>); exactly one of the two is set.
/// </summary>
public sealed record LocalLambdaFunction
{
    /// <summary>The function name, e.g. <c>fulfilment-inventory-reserve</c>; the last part of its ARN.</summary>
    public required string Name { get; init; }

    /// <summary>The handler name (<c>_HANDLER</c>, the image's CMD), e.g. <c>reserve</c>.</summary>
    public required string Handler { get; init; }

    /// <summary>How long one invocation may run before it fails with <c>Sandbox.Timedout</c> (Lambda's default is 3 s; ours is 30 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many invocations run at once (one process each); more wait in a queue.</summary>
    public int MaxConcurrency { get; init; } = 2;

    /// <summary><c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c> and the context's memory limit (not enforced).</summary>
    public int MemorySizeMb { get; init; } = 512;

    /// <summary>Processes started when the service starts and kept running (0: start on first use).</summary>
    public int PrewarmedInstances { get; init; }

    /// <summary>The function's environment variables (table names, endpoints, credentials for the local edge).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Process mode: the executable to run for each sandbox.</summary>
    public LambdaProcessSpec? Process { get; init; }

    /// <summary>In-process mode: the registry whose <see cref="Handler"/> runs in this process.</summary>
    public LambdaHandlerRegistry? Registry { get; init; }

    /// <summary>The standard name of a service's function: <c>fulfilment-{service}-{handler}</c>.</summary>
    public static string StandardName(string service, string handler) => $"fulfilment-{service}-{handler}";

    /// <summary>A process-mode function for a service's handler, run from the service's build output (see <see cref="LambdaProcessSpec.ForService"/>).</summary>
    public static LocalLambdaFunction ForService(string service, string handler, string? repositoryRoot = null, string? configuration = null) => new()
    {
        Name = StandardName(service, handler),
        Handler = handler,
        Process = LambdaProcessSpec.ForService(service, repositoryRoot, configuration),
    };

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(Handler);
        if (Name.AsSpan().ContainsAnyExcept(AllowedNameCharacters))
        {
            throw new ArgumentException($"Function name '{Name}' may only contain letters, digits, '-' and '_' (as in AWS).", nameof(Name));
        }

        if ((Process is null) == (Registry is null))
        {
            throw new ArgumentException($"Function '{Name}' needs exactly one of Process (process mode) or Registry (in-process mode).");
        }

        if (Timeout <= TimeSpan.Zero || MaxConcurrency < 1 || PrewarmedInstances < 0 || PrewarmedInstances > MaxConcurrency)
        {
            throw new ArgumentException($"Function '{Name}' needs Timeout > 0, MaxConcurrency >= 1 and 0 <= PrewarmedInstances <= MaxConcurrency.");
        }
    }

    private static readonly System.Buffers.SearchValues<char> AllowedNameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
}
