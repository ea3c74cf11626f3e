using System.Diagnostics;
using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>
/// A function process started by the local Lambda service exports its invocation span over OTLP when the OTEL_*
/// variables ask for it, as a child of the payload's <c>traceparent</c>: the hop from the caller survives the process boundary.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TraceExportTests
{
    private readonly LogCapture _log = new();

    [Fact]
    public async Task InvokeAsync_WhenOtlpIsConfigured_ShouldExportTheSpanAsAChildOfThePayloadsTraceparent()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var service = await LocalLambdaService.StartAsync(
            [TestSupport.TestFunction("fn-traced", "echo") with { Environment = collector.ExporterEnvironment() }],
            new LocalLambdaServiceOptions { Log = _log.Sink },
            CancellationToken.None);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentId = ActivitySpanId.CreateRandom().ToHexString();

        var result = await service.InvokeAsync("fn-traced", TestSupport.Json($$"""{"message":"hi","orderId":"o-1","traceparent":"00-{{traceId}}-{{parentId}}-01"}"""), CancellationToken.None);

        result.Error.ShouldBeNull();
        await TestSupport.UntilAsync(() => collector.Spans.Any(s => s.TraceId == traceId));
        var span = collector.Spans.Single(s => s.TraceId == traceId);
        (span.Name, span.ParentSpanId, span.Service).ShouldBe(("echo", parentId, "fn-traced"), _log.ToString());
    }
}
