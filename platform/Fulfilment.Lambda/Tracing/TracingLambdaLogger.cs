using System.Diagnostics;

namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// Stamps every line with <c>correlationId</c> (given, or remembered by the current span) and the <c>traceId</c>/<c>spanId</c> of the
/// current span, unless the line sets them itself; then hands it to the invocation's logger.
/// </summary>
public sealed class TracingLambdaLogger(ILambdaLogger inner, string? knownCorrelationId) : ILambdaLogger
{
    /// <inheritdoc/>
    public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        var activity = Activity.Current;
        var correlationId = knownCorrelationId ?? TraceSpans.CorrelationIdOf(activity);
        if (activity is null && correlationId is null)
        {
            inner.Log(level, message, fields);
            return;
        }

        var all = fields is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(fields, StringComparer.Ordinal);
        if (correlationId is not null)
        {
            all.TryAdd("correlationId", correlationId);
        }

        if (activity is not null)
        {
            all.TryAdd("traceId", activity.TraceId.ToHexString());
            all.TryAdd("spanId", activity.SpanId.ToHexString());
        }

        inner.Log(level, message, all);
    }
}
