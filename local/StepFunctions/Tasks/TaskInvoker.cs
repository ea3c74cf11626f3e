using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Tasks;

/// <summary>What a Task state hands to an integration: the resource, the effective parameters and, for callbacks, the task token.</summary>
public sealed record TaskInvocation(
    string Resource,
    JsonNode? Parameters,
    string ExecutionArn,
    string StateName,
    string? TaskToken)
{
    /// <summary>The compact JSON text of <see cref="Parameters"/> when the engine already has it (saves serializing it twice).</summary>
    public string? ParametersText { get; init; }

    /// <summary>The compact UTF-8 JSON of <see cref="Parameters"/> as the engine wrote it into the history (empty when not known).</summary>
    internal ReadOnlyMemory<byte> ParametersUtf8 { get; init; }
}

/// <summary>
/// One task integration (Lambda, DynamoDB, EventBridge, ...). Failures are thrown as
/// <see cref="Execution.StatesException"/> carrying the error name the workflow's Retry/Catch match.
/// </summary>
public interface ITaskInvoker
{
    /// <summary>True when this integration handles <paramref name="resource"/> (without a <c>.waitForTaskToken</c> suffix).</summary>
    bool CanInvoke(string resource);

    /// <summary>Runs the task and returns its result (the state's raw result before ResultSelector).</summary>
    Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>The integrations the engine knows, tried in registration order.</summary>
public sealed class TaskInvokerRegistry
{
    private readonly List<ITaskInvoker> invokers;

    /// <summary>Creates the registry.</summary>
    public TaskInvokerRegistry(IEnumerable<ITaskInvoker> invokers) => this.invokers = [.. invokers];

    /// <summary>The suffix of callback integrations.</summary>
    public const string WaitForTaskTokenSuffix = ".waitForTaskToken";

    /// <summary>The registered integrations.</summary>
    public IReadOnlyList<ITaskInvoker> Invokers => invokers;

    /// <summary>True when some integration handles the resource (used by validation).</summary>
    public bool IsKnown(string resource) => Find(resource) is not null;

    /// <summary>The integration for a resource, or null.</summary>
    public ITaskInvoker? Find(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var bare = resource.EndsWith(WaitForTaskTokenSuffix, StringComparison.Ordinal) ? resource[..^WaitForTaskTokenSuffix.Length] : resource;
        return invokers.FirstOrDefault(i => i.CanInvoke(bare));
    }
}
