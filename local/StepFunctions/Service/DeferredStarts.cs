namespace Fulfilment.Local.StepFunctions.Service;

/// <summary>
/// Starts, on a pool thread, the executions no waiter has started within one to two milliseconds of StartExecution: one
/// periodic timer for all of them, armed only while some are pending. (A timer per execution was the largest item in the
/// profile of short executions: creating and arming it took longer than running a 100-state Pass chain.)
/// </summary>
internal sealed class DeferredStarts : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(1);
    private readonly Lock gate = new();
    private readonly Timer timer;
    private List<RunningExecution> fresh = [];
    private List<RunningExecution> aging = [];
    private bool armed;
    private bool disposed;

    public DeferredStarts() => timer = new Timer(static s => ((DeferredStarts)s!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    /// <summary>Starts <paramref name="run"/> on a pool thread after the next full timer period unless it was started by then.</summary>
    public void Add(RunningExecution run)
    {
        lock (gate)
        {
            // Most runs are started by their waiter at once: drop those now and then, so that the list stays short and
            // holds no finished execution (and its history) for the collector to keep alive until the next tick.
            if (fresh.Count >= 32)
            {
                fresh.RemoveAll(static r => r.Started);
            }

            fresh.Add(run);
            if (!armed && !disposed)
            {
                armed = true;
                timer.Change(Period, Period);
            }
        }
    }

    private void Tick()
    {
        List<RunningExecution> due;
        lock (gate)
        {
            // Two generations: a run added just before a tick waits for the next one, so a waiter always has a full period.
            due = aging;
            aging = fresh;
            fresh = [];
            if (due.Count == 0 && aging.Count == 0 && armed && !disposed)
            {
                armed = false;
                timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        foreach (var run in due)
        {
            if (!run.Started)
            {
                // Each on its own work item: a run that does synchronous work must not hold up the others.
                ThreadPool.UnsafeQueueUserWorkItem(static r => r.TryStart(), run, preferLocal: false);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer.Dispose();
        }
    }
}
