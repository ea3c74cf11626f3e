namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>An execution running in this process: its cancellation and why it was cancelled.</summary>
/// <remarks>
/// Not linked to the service's shutdown token: the service cancels every registered run itself when it stops (a linked
/// source registers and unregisters a callback on the shared token for each short execution, under its lock).
/// </remarks>
internal sealed class RunningExecution(string executionArn, string stateMachineArn) : IDisposable
{
    private readonly CancellationTokenSource cts = new();
    private readonly Lock gate = new();
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<Task>? body;
    private int claimed;
    private bool disposed;

    public string ExecutionArn { get; } = executionArn;

    public string StateMachineArn { get; } = stateMachineArn;

    public CancellationToken Token => cts.Token;

    /// <summary>Completes when the run has ended (its outcome is in the store by then).</summary>
    public Task Completion => done.Task;

    /// <summary>True once someone (a waiter or <see cref="DeferredStarts"/>) has started the run.</summary>
    public bool Started => Volatile.Read(ref claimed) != 0;

    /// <summary>Sets what the run does; <see cref="TryStart"/> starts it once.</summary>
    public void Prepare(Func<Task> run) => body = run;

    /// <summary>
    /// Runs the body on the calling thread until its first real wait, unless it was started already. <see cref="DeferredStarts"/>
    /// calls it on a pool thread shortly after StartExecution; a caller waiting for the execution calls it too, and whichever
    /// comes first runs it: a waiter that wins saves the hop to a pool thread (and on a loaded machine the wait for one).
    /// </summary>
    public void TryStart()
    {
        if (Interlocked.Exchange(ref claimed, 1) != 0 || body is not { } run)
        {
            return;
        }

        _ = RunBodyAsync(run);
    }

    private async Task RunBodyAsync(Func<Task> run)
    {
        try
        {
            await run();
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

/// <summary>Small fluent helper for building details objects.</summary>
internal static class FluentExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
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
