using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Fulfilment.Lambda.Internal;

/// <summary>Serializes log lines into one reused buffer and writes each as a single write (no torn lines across threads).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The writer wraps a managed ArrayBufferWriter and is flushed after every line: disposing would release nothing.")]
internal sealed class JsonLogSink
{
    private readonly Stream _output;
    private readonly LogLevel _minimumLevel;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;

    public JsonLogSink(Stream output, LogLevel minimumLevel)
    {
        _output = output;
        _minimumLevel = minimumLevel;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public bool IsEnabled(LogLevel level) => level >= _minimumLevel;

    public void Write(LogLevel level, string? requestId, string message, IReadOnlyDictionary<string, object?>? fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStartObject();
            _writer.WriteString("timestamp"u8, DateTimeOffset.UtcNow);
            _writer.WriteString("level"u8, LevelName(level));
            if (requestId is not null)
            {
                _writer.WriteString("requestId"u8, requestId);
            }

            _writer.WriteString("message"u8, message);
            if (fields is not null)
            {
                foreach (var (key, value) in fields)
                {
                    if (key is "timestamp" or "level" or "requestId" or "message")
                    {
                        continue; // never let a field shadow the envelope: queries rely on it
                    }

                    _writer.WritePropertyName(key);
                    WriteValue(_writer, value);
                }
            }

            // Lines written inside a span (every step invocation has one) carry its ids, whichever logger wrote them.
            if (System.Diagnostics.Activity.Current is { } activity)
            {
                if (fields is null || !fields.ContainsKey("traceId"))
                {
                    _writer.WriteString("traceId"u8, activity.TraceId.ToHexString());
                }

                if (fields is null || !fields.ContainsKey("spanId"))
                {
                    _writer.WriteString("spanId"u8, activity.SpanId.ToHexString());
                }

                if ((fields is null || !fields.ContainsKey("correlationId")) && Tracing.TraceSpans.CorrelationIdOf(activity) is { } correlationId)
                {
                    _writer.WriteString("correlationId"u8, correlationId);
                }
            }

            _writer.WriteEndObject();
            _writer.Flush();
            _buffer.Write("\n"u8);
            try
            {
                _output.Write(_buffer.WrittenSpan);
                _output.Flush();
            }
            catch (IOException)
            {
                // stdout closed (the host went away): logging must never fail an invocation.
            }
        }
    }

    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    // A closed set of types, written without reflection so the logger stays AOT-safe.
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset dto: writer.WriteStringValue(dto); break;
            case DateTime dt: writer.WriteStringValue(dt); break;
            case TimeSpan ts: writer.WriteNumberValue(ts.TotalMilliseconds); break;
            case Guid g: writer.WriteStringValue(g); break;
            case Enum e: writer.WriteStringValue(e.ToString()); break;
            case IFormattable f: writer.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
