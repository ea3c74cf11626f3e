namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>An execution running in this process: its cancellation and why it was cancelled.</summary>
internal sealed class RunningExecution(string executionArn, string stateMachineArn, CancellationToken shutdown) : IDisposable
{
    private readonly CancellationTokenSource cts = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    private readonly Lock gate = new();
    private bool disposed;

    public string ExecutionArn { get; } = executionArn;

    public string StateMachineArn { get; } = stateMachineArn;

    public CancellationToken Token => cts.Token;

    public Task Completion { get; set; } = Task.CompletedTask;

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
