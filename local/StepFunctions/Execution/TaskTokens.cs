using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Outstanding <c>.waitForTaskToken</c> callbacks: SendTaskSuccess/Failure/Heartbeat complete or extend them.</summary>
internal sealed class TaskTokens
{
    private readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);

    public Pending Register(string executionArn)
    {
        var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var entry = new Pending(token, executionArn);
        pending[token] = entry;
        return entry;
    }

    public void Remove(string token) => pending.TryRemove(token, out _);

    public bool TryGet(string token, out Pending entry) => pending.TryGetValue(token, out entry!);

    /// <summary>One callback a Task state waits for.</summary>
    internal sealed class Pending(string token, string executionArn)
    {
        private readonly TaskCompletionSource<JsonNode?> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long heartbeats;

        public string Token { get; } = token;

        public string ExecutionArn { get; } = executionArn;

        public Task<JsonNode?> Completion => completion.Task;

        public long Heartbeats => Interlocked.Read(ref heartbeats);

        public bool Succeed(JsonNode? output) => completion.TrySetResult(output);

        public bool Fail(string error, string? cause) => completion.TrySetException(new StatesException(error, cause));

        public void Heartbeat() => Interlocked.Increment(ref heartbeats);
    }
}
