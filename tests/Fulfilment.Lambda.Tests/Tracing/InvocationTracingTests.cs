using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Fulfilment.Lambda.Testing;
using Fulfilment.Lambda.Tracing;
using Shouldly;

namespace Fulfilment.Lambda.Tests.Tracing;

/// <summary>Every handler continues its payload's trace, and its log lines say which trace, span and correlation they belong to.</summary>
public sealed class InvocationTracingTests
{
    private const string Parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public async Task InvokeAsync_WhenPayloadHasTraceparent_ShouldRunTheHandlerInAChildSpan()
    {
        var (traceId, parentId) = await SpanSeenByHandlerAsync($$"""{"message":"hi","orderId":"o-1","traceparent":"{{Parent}}"}""");

        (traceId, parentId).ShouldBe(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    }

    [Fact]
    public async Task InvokeAsync_WhenTraceparentIsInvalid_ShouldUseTheOrdersOwnTrace()
    {
        var (traceId, _) = await SpanSeenByHandlerAsync("""{"message":"hi","orderId":"o-1","traceparent":"00-nonsense"}""");

        traceId.ShouldBe(TraceParent.ForOrder("o-1").TraceId.ToHexString());
    }

    [Fact]
    public async Task InvokeAsync_WhenTraceparentIsNull_ShouldUseTheOrdersOwnTrace()
    {
        var (traceId, _) = await SpanSeenByHandlerAsync("""{"message":"hi","orderId":"o-1","traceparent":null}""");

        traceId.ShouldBe(TraceParent.ForOrder("o-1").TraceId.ToHexString());
    }

    [Fact]
    public async Task InvokeAsync_WhenPayloadIsNotAnOrderStep_ShouldStartNoSpan()
    {
        var (traceId, _) = await SpanSeenByHandlerAsync("""{"message":"hi"}""");

        traceId.ShouldBeNull();
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerLogs_ShouldStampCorrelationTraceAndSpan()
    {
        var logger = new RecordingLogger();
        string? spanId = null;
        var registry = new LambdaHandlerRegistry().Add("ping", TestJsonContext.Default.Ping, TestJsonContext.Default.Pong, (p, c, _) =>
        {
            spanId = Activity.Current?.SpanId.ToHexString();
            c.Logger.Info("handled", new Dictionary<string, object?> { ["orderId"] = p.OrderId });
            return Task.FromResult(new Pong(p.Message, c.AwsRequestId));
        });

        await registry.InvokeAsync("ping", Payload($$"""{"message":"hi","orderId":"o-1","correlationId":"corr-9","traceparent":"{{Parent}}"}"""), Context(logger), CancellationToken.None);

        var fields = logger.Lines.Single();
        (fields["correlationId"], fields["traceId"], fields["spanId"]).ShouldBe(("corr-9", (object?)"4bf92f3577b34da6a3ce929d0e0e4736", (object?)spanId));
    }

    [Fact]
    public async Task InvokeAsync_WhenAListenerSamples_ShouldReportTheSpanNamedAfterTheHandler()
    {
        using var recorder = new SpanRecorder(InvocationTrace.SourceName);
        var traceId = ActivityTraceId.CreateRandom();

        await SpanSeenByHandlerAsync($$"""{"message":"hi","orderId":"o-2","traceparent":"00-{{traceId.ToHexString()}}-00f067aa0ba902b7-01"}""");

        var span = recorder.InTrace(traceId).Single();
        (span.OperationName, span.Kind, span.ParentSpanId.ToHexString(), span.GetTagItem("fulfilment.order_id")).ShouldBe(("ping", ActivityKind.Server, "00f067aa0ba902b7", (object?)"o-2"));
    }

    [Fact]
    public void Log_WhenInsideASpan_ShouldWriteTraceAndSpanIds()
    {
        using var output = new MemoryStream();
        using var activity = new Activity("test").SetParentId(Parent).Start();

        new JsonLambdaLogger(output).Info("inside");

        var line = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).RootElement;
        (line.GetProperty("traceId").GetString(), line.GetProperty("spanId").GetString()).ShouldBe((activity.TraceId.ToHexString(), activity.SpanId.ToHexString()));
    }

    [Fact]
    public void Log_WhenAnOuterSpanKnowsTheCorrelationId_ShouldWriteIt()
    {
        using var output = new MemoryStream();
        using var invocation = new Activity("invocation").SetParentId(Parent).Start();
        TraceSpans.SetCorrelationId(invocation, "corr-42");
        using var inner = new Activity("inner").Start();

        new JsonLambdaLogger(output).Info("inside");

        JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray())).RootElement.GetProperty("correlationId").GetString().ShouldBe("corr-42");
    }

    [Fact]
    public void Read_WhenFieldsAreNestedOrNotStrings_ShouldTakeOnlyTopLevelStrings()
    {
        var trace = InvocationTrace.Read(Encoding.UTF8.GetBytes("""{"lines":[{"orderId":"nested"}],"correlationId":7,"orderId":"o-3","meta":{"traceparent":"x"}}"""));

        trace.ShouldBe(new InvocationTrace(null, "o-3", null));
    }

    [Fact]
    public void Read_WhenProxyEventHasATraceparentHeader_ShouldTakeIt()
    {
        var trace = InvocationTrace.Read(Encoding.UTF8.GetBytes($$$"""{"path":"/orders/x","headers":{"x-api-key":"k","TraceParent":"{{{Parent}}}","accept":"*/*"},"pathParameters":{"orderId":"x"}}"""));

        trace.ShouldBe(new InvocationTrace(Parent, null, null));
    }

    [Fact]
    public void Read_WhenBothTopLevelAndHeaderTraceparent_ShouldPreferTheTopLevelOne()
    {
        var trace = InvocationTrace.Read(Encoding.UTF8.GetBytes($$"""{"headers":{"traceparent":"00-nonsense"},"traceparent":"{{Parent}}"}"""));

        trace.TraceParent.ShouldBe(Parent);
    }

    [Fact]
    public async Task InvokeAsync_WhenProxyEventCarriesTraceparent_ShouldRunTheHandlerInAChildSpan()
    {
        var (traceId, parentId) = await SpanSeenByHandlerAsync($$$"""{"message":"hi","headers":{"traceparent":"{{{Parent}}}"}}""");

        (traceId, parentId).ShouldBe(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    }

    private static async Task<(string? TraceId, string? ParentId)> SpanSeenByHandlerAsync(string payload)
    {
        (string?, string?) seen = default;
        var registry = new LambdaHandlerRegistry().Add("ping", TestJsonContext.Default.Ping, TestJsonContext.Default.Pong, (p, c, _) =>
        {
            seen = (Activity.Current?.TraceId.ToHexString(), Activity.Current?.ParentSpanId.ToHexString());
            return Task.FromResult(new Pong(p.Message, c.AwsRequestId));
        });

        var result = await registry.InvokeAsync("ping", Payload(payload), Context(new RecordingLogger()), CancellationToken.None);
        result.Error.ShouldBeNull();
        return seen;
    }

    private static byte[] Payload(string json) => Encoding.UTF8.GetBytes(json);

    private static LambdaContext Context(ILambdaLogger logger) => new() { AwsRequestId = "req-1", FunctionName = "test-ping", Logger = logger };

    private sealed class RecordingLogger : ILambdaLogger
    {
        public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Lines { get; } = new();

        public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null) =>
            Lines.Enqueue(fields ?? new Dictionary<string, object?>());
    }
}
