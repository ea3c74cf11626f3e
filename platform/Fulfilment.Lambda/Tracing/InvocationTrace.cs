using System.Diagnostics;
using System.Text.Json;

namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// The trace fields of a step payload (top-level <c>traceparent</c>, <c>orderId</c>, <c>correlationId</c>), or the
/// <c>traceparent</c> header of an API Gateway proxy event (<c>headers</c>, any case), read without deserializing the
/// payload: the runtime continues the trace for every handler the same way.
/// </summary>
public sealed record InvocationTrace(string? TraceParent, string? OrderId, string? CorrelationId)
{
    /// <summary>The source of the runtime's invocation spans (one per step invocation, named after the handler).</summary>
    public const string SourceName = "Fulfilment.Lambda";

    /// <summary>Nothing found.</summary>
    public static InvocationTrace None { get; } = new(null, null, null);

    /// <summary>
    /// The parent the invocation continues: a valid <c>traceparent</c>; else the order's own trace
    /// (<see cref="Tracing.TraceParent.ForOrder"/>); null when the payload is not an order step (no span is started).
    /// </summary>
    public TraceParent? Parent =>
        Tracing.TraceParent.TryParse(TraceParent, out var parsed) ? parsed
        : OrderId is { Length: > 0 } orderId ? Tracing.TraceParent.ForOrder(orderId)
        : null;

    /// <summary>
    /// Reads the three top-level string fields, and a <c>traceparent</c> inside a top-level <c>headers</c> object when there
    /// is no top-level one; anything else (not JSON, not an object) gives <see cref="None"/>.
    /// </summary>
    public static InvocationTrace Read(ReadOnlySpan<byte> payload)
    {
        string? traceParent = null, headerTraceParent = null, orderId = null, correlationId = null;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return None;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                var isTraceParent = name.SequenceEqual("traceparent"u8);
                var isOrderId = !isTraceParent && name.SequenceEqual("orderId"u8);
                var isCorrelationId = !isTraceParent && !isOrderId && name.SequenceEqual("correlationId"u8);
                var isHeaders = name.SequenceEqual("headers"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isHeaders && reader.TokenType == JsonTokenType.StartObject)
                {
                    headerTraceParent = ReadTraceParentHeader(ref reader);
                }
                else if (reader.TokenType == JsonTokenType.String && (isTraceParent || isOrderId || isCorrelationId))
                {
                    var value = reader.GetString();
                    if (isTraceParent)
                    {
                        traceParent = value;
                    }
                    else if (isOrderId)
                    {
                        orderId = value;
                    }
                    else
                    {
                        correlationId = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The handler's own deserialization reports the bad payload; tracing only takes what it could read.
        }

        return new InvocationTrace(traceParent ?? headerTraceParent, orderId, correlationId);
    }

    /// <summary>The <c>traceparent</c> header of a proxy event's <c>headers</c> (names are case-insensitive); ends on the object's end.</summary>
    private static string? ReadTraceParentHeader(ref Utf8JsonReader reader)
    {
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTraceParent = reader.ValueTextEquals("traceparent"u8) || string.Equals(reader.GetString(), Tracing.TraceParent.Name, StringComparison.OrdinalIgnoreCase);
            if (!reader.Read())
            {
                break;
            }

            if (isTraceParent && reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Starts the invocation span for this payload, or returns null when it is not an order step.</summary>
    internal Activity? Start(ActivitySource source, string handler, ILambdaContext context)
    {
        if (Parent is not { } parent)
        {
            return null;
        }

        var activity = TraceSpans.Start(source, handler, ActivityKind.Server, parent);
        TraceSpans.SetCorrelationId(activity, CorrelationId);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("faas.name", context.FunctionName);
            activity.SetTag("faas.invocation_id", context.AwsRequestId);
            activity.SetTag("fulfilment.order_id", OrderId);
            activity.SetTag("fulfilment.correlation_id", CorrelationId);
        }

        return activity;
    }
}
