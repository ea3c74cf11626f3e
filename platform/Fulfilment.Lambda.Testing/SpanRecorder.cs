using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fulfilment.Lambda.Testing;

/// <summary>
/// Records every span of the named <see cref="ActivitySource"/>s that ends while it lives, sampled in full, so a test can
/// check names, kinds and parent links without the OpenTelemetry SDK. Other tests' spans may show up too (listeners are
/// process-wide): select by trace id with <see cref="InTrace"/>.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => sources.Contains(s.Name, StringComparer.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans of one trace that have ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => _stopped.Where(a => a.TraceId == traceId).ToList();

    public void Dispose() => _listener.Dispose();
}
