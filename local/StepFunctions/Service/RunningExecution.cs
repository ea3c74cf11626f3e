namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>An execution running in this process: its cancellation and why it was cancelled.</summary>
/// <remarks>
/// Not linked to the service's shutdown token: the service cancels every registered run itself when it stops (a linked
/// source registers and unregisters a callback on the shared token for each short execution, under its lock).
/// </remarks>
internal sealed class RunningExecution(string executionArn, string stateMachineArn, Func<RunningExecution, Task> body) : IThreadPoolWorkItem, IDisposable
{
    private readonly CancellationTokenSource cts = new();

    // Dropped once claimed: a pool thread may hold on to the last work item it ran, and the body holds the whole service.
    private Func<RunningExecution, Task>? body = body;
    private readonly Lock gate = new();
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int claimed;
    private bool disposed;

    public string ExecutionArn { get; } = executionArn;

    public string StateMachineArn { get; } = stateMachineArn;

    public CancellationToken Token => cts.Token;

    /// <summary>Completes when the run has ended (its outcome is in the store by then).</summary>
    public Task Completion => done.Task;

    /// <summary>Queues the run on the thread pool at once (StartExecution does not wait for it, and nothing delays it).</summary>
    public void Start() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute() => TryRun();

    /// <summary>
    /// Runs the body on the calling thread until its first real wait, unless it is running already: the pool thread of
    /// <see cref="Start"/> calls it, and so does a caller that waits for the execution; whichever comes first runs it, so a
    /// waiter that is quicker than the pool saves the hop to a pool thread (and on a loaded machine the wait for one).
    /// </summary>
    public void TryRun()
    {
        if (Interlocked.Exchange(ref claimed, 1) == 0 && Interlocked.Exchange(ref body, null) is { } run)
        {
            _ = RunBodyAsync(run);
        }
    }

    private async Task RunBodyAsync(Func<RunningExecution, Task> run)
    {
        try
        {
            await run(this);
            done.TrySetResult();
        }
#pragma warning disable CA1031 // Whatever ended the run is handed to those who wait for it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            done.TrySetException(e);
        }
    }

    public bool StopRequested { get; private set; }

    public bool ExecutionTimedOut { get; private set; }

    public string? StopError { get; private set; }

    public string? StopCause { get; private set; }

    public void Stop(string? error, string? cause)
    {
        StopError = error;
        StopCause = cause;
        StopRequested = true;
        Cancel();
    }

    public void TimeOut()
    {
        ExecutionTimedOut = true;
        Cancel();
    }

    /// <summary>Cancels the run unless it already finished (Stop, shutdown and completion race by design).</summary>
    public void Cancel()
    {
        lock (gate)
        {
            if (!disposed)
            {
                cts.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            cts.Dispose();
        }
    }
}

/// <summary>
/// The executions running in this process, by ARN: a dictionary under a lock. (A ConcurrentDictionary showed up in the
/// profile: its add and remove for each short execution took the monitor's slow path.)
/// </summary>
internal sealed class RunningExecutions
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RunningExecution> runs = new(StringComparer.Ordinal);

    public RunningExecution[] Values
    {
        get
        {
            lock (gate)
            {
                return [.. runs.Values];
            }
        }
    }

    public RunningExecution this[string executionArn]
    {
        set
        {
            lock (gate)
            {
                runs[executionArn] = value;
            }
        }
    }

    public bool TryGetValue(string executionArn, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RunningExecution run)
    {
        lock (gate)
        {
            return runs.TryGetValue(executionArn, out run);
        }
    }

    public bool ContainsKey(string executionArn) => TryGetValue(executionArn, out _);

    public bool TryRemove(string executionArn, out RunningExecution? run)
    {
        lock (gate)
        {
            return runs.Remove(executionArn, out run);
        }
    }
}
