namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// An async mutex: one holder at a time, waiters served in order. Entering and leaving it uncontended takes a
/// <see cref="Lock"/> and no task (a <see cref="SemaphoreSlim"/> in its place took the monitor's slow path on every
/// StartExecution in the profile of short executions).
/// </summary>
internal sealed class AsyncGate
{
    private readonly Lock gate = new();
    private readonly Queue<TaskCompletionSource> waiters = new();
    private bool held;

    /// <summary>Enters the gate; the caller must call <see cref="Exit"/> once it has entered.</summary>
    public Task EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (gate)
        {
            if (!held)
            {
                held = true;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    private static async Task WaitAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        // A cancelled waiter stays queued but can no longer be handed the gate: Exit passes it on to the next one.
        await using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            await waiter.Task;
        }
    }

    /// <summary>Leaves the gate, handing it to the oldest waiter that is still waiting.</summary>
    public void Exit()
    {
        lock (gate)
        {
            while (waiters.TryDequeue(out var next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }

            held = false;
        }
    }
}
