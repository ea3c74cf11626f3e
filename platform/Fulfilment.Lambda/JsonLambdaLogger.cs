using Fulfilment.Lambda.Internal;

namespace Fulfilment.Lambda;

/// <summary>
/// Writes one JSON object per line (<c>timestamp</c>, <c>level</c>, <c>requestId</c>, <c>message</c>, then the fields),
/// the shape of Lambda's JSON log format, so CloudWatch Logs Insights can query <c>orderId</c> and <c>correlationId</c>.
/// </summary>
public sealed class JsonLambdaLogger : ILambdaLogger
{
    private readonly JsonLogSink _sink;
    private readonly string? _requestId;

    /// <summary>Creates a logger that writes to <paramref name="output"/> and drops lines below <paramref name="minimumLevel"/>.</summary>
    public JsonLambdaLogger(Stream output, LogLevel minimumLevel = LogLevel.Information)
        : this(new JsonLogSink(output, minimumLevel), null)
    {
    }

    internal JsonLambdaLogger(JsonLogSink sink, string? requestId)
    {
        _sink = sink;
        _requestId = requestId;
    }

    /// <summary>A logger on the same output that stamps <paramref name="requestId"/> on every line.</summary>
    public JsonLambdaLogger ForRequest(string requestId) => new(_sink, requestId);

    /// <inheritdoc/>
    public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null) =>
        _sink.Write(level, _requestId, message, fields);
}
