using System.Diagnostics;

namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// Starts spans that always exist, so log lines carry <c>traceId</c>/<c>spanId</c> with exporting off: through the
/// <see cref="ActivitySource"/> when a listener (the OpenTelemetry SDK) wants it, otherwise as a bare <see cref="Activity"/>
/// (one allocation, seen by no exporter).
/// </summary>
public static class TraceSpans
{
    private const string CorrelationIdProperty = "fulfilment.correlationId";

    /// <summary>
    /// Starts <paramref name="name"/> as a child of <paramref name="parent"/>, or as the root of a new trace when it is null
    /// (never as a child of whatever span the caller happens to be in). Call it from an async method: a root start clears
    /// <see cref="Activity.Current"/>, which the method's return restores for the caller.
    /// </summary>
    public static Activity Start(ActivitySource source, string name, ActivityKind kind, TraceParent? parent)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (parent is null)
        {
            Activity.Current = null;
        }

        var activity = parent is { } p ? source.StartActivity(name, kind, p.ToContext()) : source.StartActivity(name, kind);
        if (activity is not null)
        {
            return activity;
        }

        var bare = new Activity(name);
        if (parent is { } q)
        {
            bare.SetParentId(q.TraceId, q.ParentId, q.Flags);
        }

        return bare.Start();
    }

    /// <summary>
    /// Remembers the order's correlation id on <paramref name="activity"/> (a custom property: kept whether or not the span
    /// is sampled, never propagated over the wire), so every log line written inside it, or inside its child spans, carries it.
    /// </summary>
    public static void SetCorrelationId(Activity activity, string? correlationId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (correlationId is not null)
        {
            activity.SetCustomProperty(CorrelationIdProperty, correlationId);
        }
    }

    /// <summary>The correlation id of <paramref name="activity"/> or of the nearest in-process parent that has one.</summary>
    public static string? CorrelationIdOf(Activity? activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetCustomProperty(CorrelationIdProperty) is string correlationId)
            {
                return correlationId;
            }
        }

        return null;
    }

    /// <summary>Marks <paramref name="activity"/> failed with the error name the workflow or the caller sees.</summary>
    public static void Fail(Activity activity, string errorType, string? message)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.SetStatus(ActivityStatusCode.Error, message);
        activity.SetTag("error.type", errorType);
    }
}
