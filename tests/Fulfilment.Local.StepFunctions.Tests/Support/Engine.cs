using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Tests.Support;

/// <summary>Runs a definition once in a fresh in-memory engine with an instant clock and returns the outcome.</summary>
public static class Engine
{
    public sealed record Outcome(string Status, JsonNode? Output, string? Error, string? Cause, IReadOnlyList<HistoryEvent> History);

    public static async Task<Outcome> RunAsync(string definition, string input, IEnumerable<ITaskInvoker>? invokers = null, InstantEngineClock? clock = null, bool fastPaths = true)
    {
        var registry = new TaskInvokerRegistry(invokers ?? [new FakeLambda()]);
        await using var service = new ExecutionService(new InMemoryExecutionStore(), registry, clock ?? new InstantEngineClock(), new ExecutionServiceOptions { FastPaths = fastPaths });
        var machine = await service.CreateStateMachineAsync("test", definition);
        var start = await service.StartExecutionAsync(machine.StateMachineArn, "run", input);
        var result = await service.WaitForCompletionAsync(start.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(60));
        var history = await service.GetExecutionHistoryAsync(start.ExecutionArn, maxResults: 1000);
        return new Outcome(result.Status, result.Output is null ? null : JsonNode.Parse(result.Output), result.Error, result.Cause, history.Items);
    }
}

/// <summary>
/// A Lambda stand-in keyed by function name: <c>echo</c> returns its payload, <c>fail:NAME</c> fails with error NAME,
/// and registered handlers run for other names.
/// </summary>
public sealed class FakeLambda : ITaskInvoker
{
    private readonly Dictionary<string, Func<JsonNode?, JsonNode?>> handlers = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);

    public FakeLambda On(string name, Func<JsonNode?, JsonNode?> handler)
    {
        handlers[name] = handler;
        return this;
    }

    public bool CanInvoke(string resource) => resource.StartsWith("arn:aws:lambda:", StringComparison.Ordinal) || resource == "arn:aws:states:::lambda:invoke";

    public Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        var name = invocation.Resource[(invocation.Resource.LastIndexOf(':') + 1)..];
        if (handlers.TryGetValue(name, out var handler))
        {
            return Task.FromResult(handler(invocation.Parameters?.DeepClone()));
        }

        var count = calls.AddOrUpdate(invocation.StateName, 1, (_, c) => c + 1);
        if (name.StartsWith("failOnce", StringComparison.Ordinal))
        {
            if (count == 1)
            {
                throw new StatesException(name.Length > 8 ? name[8..] : "Failure", "boom");
            }
        }
        else if (name.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new StatesException(name.Length > 4 ? name[4..] : "Failure", "boom");
        }

        return Task.FromResult(invocation.Parameters?.DeepClone());
    }
}
