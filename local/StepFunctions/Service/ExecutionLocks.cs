using System.Collections.Concurrent;

namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// One StartExecution or RedriveExecution at a time per execution (its check of the store and its write go together); starts
/// of other executions do not wait for it.
/// </summary>
internal sealed class ExecutionLocks
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> held = new(StringComparer.Ordinal);

    /// <summary>Holds the lock of <paramref name="executionArn"/> until the returned handle is disposed.</summary>
    public async ValueTask<Held> EnterAsync(string executionArn, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (!held.TryAdd(executionArn, mine))
        {
            if (held.TryGetValue(executionArn, out var other))
            {
                await other.Task.WaitAsync(cancellationToken);
            }
        }

        return new Held(this, executionArn, mine);
    }

    /// <summary>The lock of one execution while held.</summary>
    public readonly struct Held(ExecutionLocks locks, string executionArn, TaskCompletionSource mine) : IDisposable
    {
        public void Dispose()
        {
            locks.held.TryRemove(KeyValuePair.Create(executionArn, mine));
            mine.TrySetResult();
        }
    }
}
