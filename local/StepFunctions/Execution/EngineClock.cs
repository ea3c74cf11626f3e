namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>The engine's notion of time: Wait states and retry backoff go through <see cref="DelayAsync"/>, Task timeouts through <see cref="TimeoutAsync"/>.</summary>
public interface IEngineClock
{
    /// <summary>Now, in UTC.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Waits for a Wait state or a retry interval.</summary>
    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Completes when a Task's TimeoutSeconds or HeartbeatSeconds has elapsed.</summary>
    Task TimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Real time, for the local stack.</summary>
public sealed class SystemEngineClock(TimeProvider? timeProvider = null) : IEngineClock
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc />
    public DateTimeOffset UtcNow => time.GetUtcNow();

    /// <inheritdoc />
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);

    /// <inheritdoc />
    public Task TimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.Delay(timeout, time, cancellationToken);
}

/// <summary>
/// Virtual time for tests and benchmarks: waits and backoff complete at once and move the clock forward by their
/// length, so a test sees the same timestamps a real run would. Timeouts run in real time scaled by
/// <paramref name="timeoutScale"/> so that a hung task still times out, quickly.
/// </summary>
public sealed class InstantEngineClock(DateTimeOffset? start = null, double timeoutScale = 0.01) : IEngineClock
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start ?? DateTimeOffset.UtcNow;
    private readonly List<TimeSpan> delays = [];

    /// <inheritdoc />
    public DateTimeOffset UtcNow
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
    }

    /// <summary>Every delay requested so far (Wait states and retry intervals), in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (gate)
            {
                return [.. delays];
            }
        }
    }

    /// <inheritdoc />
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            delays.Add(delay);
            if (delay > TimeSpan.Zero)
            {
                now += delay;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TimeoutAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromTicks((long)(timeout.Ticks * timeoutScale)), cancellationToken);

    /// <summary>Moves virtual time forward (e.g. to age an execution past the redrive window).</summary>
    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
