using System.Text.Json;
using Fulfilment.Contracts.Errors;
using Fulfilment.Lambda.Testing;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

/// <summary>The REAL published bootstrap of the test function, started as Lambda starts it, against the fake Runtime API.</summary>
[Collection(PublishedBootstrapCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PublishedBootstrapTests(PublishedTestFunctionFixture function)
{
    private async Task<(FakeRuntimeApi Api, BootstrapProcess Process)> StartAsync(string handler, IReadOnlyDictionary<string, string>? environment = null)
    {
        var api = await FakeRuntimeApi.StartAsync();
        return (api, BootstrapProcess.Start(function.BootstrapPath, api.RuntimeApi, handler, environment));
    }

    [Fact]
    public async Task Invoke_WhenHandlerSucceeds_ShouldReturnResponseCarryingTheRuntimeHeaders()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;
        var options = new FakeInvocationOptions { TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" };

        var result = await api.InvokeAsync("""{"message":"hello"}""", options).WaitAsync(TestTimeouts.Invocation);

        using var json = JsonDocument.Parse(result.ResponseText);
        var root = json.RootElement;
        (root.GetProperty("message").GetString(), root.GetProperty("requestId").GetString(), root.GetProperty("invokedFunctionArn").GetString(), root.GetProperty("traceId").GetString())
            .ShouldBe(("hello", result.RequestId, options.InvokedFunctionArn, options.TraceId));
    }

    [Fact]
    public async Task Invoke_WhenOtlpIsConfigured_ShouldExportTheInvocationSpanUnderItsParent()
    {
        // In CI the bootstrap is native AOT: this is the proof that the OpenTelemetry SDK and OTLP exporter survive trimming.
        await using var collector = await Fulfilment.Local.Lambda.Tests.OtlpCollector.StartAsync();
        var environment = new Dictionary<string, string>(collector.ExporterEnvironment(), StringComparer.Ordinal) { ["AWS_LAMBDA_FUNCTION_NAME"] = "published-echo" };
        var (api, process) = await StartAsync("echo", environment);
        await using var _ = api;
        await using var __ = process;
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();

        await api.InvokeAsync($$"""{"message":"hi","orderId":"o-1","traceparent":"00-{{traceId}}-00f067aa0ba902b7-01"}""").WaitAsync(TestTimeouts.Invocation);

        await Poll.UntilAsync(() => collector.Spans.Any(s => s.TraceId == traceId), TestTimeouts.Invocation);
        var span = collector.Spans.Single(s => s.TraceId == traceId);
        (span.Name, span.ParentSpanId, span.Service).ShouldBe(("echo", "00f067aa0ba902b7", "published-echo"));
    }

    [Fact]
    public async Task Invoke_WhenHandlerThrowsNamedError_ShouldReportTheErrorNameAndMessage()
    {
        var (api, process) = await StartAsync("fail");
        await using var _ = api;
        await using var __ = process;

        var result = await api.InvokeAsync("""{"message":"Card declined.","errorName":"PaymentDeclined"}""").WaitAsync(TestTimeouts.Invocation);

        (result.Error?.ErrorType, result.Error?.ErrorMessage).ShouldBe((ErrorNames.PaymentDeclined, "Card declined."));
    }

    [Fact]
    public async Task Invoke_WhenHandlerThrowsPlainException_ShouldReportTheExceptionTypeName()
    {
        var (api, process) = await StartAsync("fail");
        await using var _ = api;
        await using var __ = process;

        var result = await api.InvokeAsync("""{"message":"bug"}""").WaitAsync(TestTimeouts.Invocation);

        result.Error?.ErrorType.ShouldBe(nameof(InvalidOperationException));
    }

    [Fact]
    public async Task Invoke_WhenPayloadIsMalformed_ShouldReportInvalidInput()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;

        var result = await api.InvokeAsync("""{"message":""").WaitAsync(TestTimeouts.Invocation);

        result.Error?.ErrorType.ShouldBe(ErrorNames.InvalidInput);
    }

    [Fact]
    public async Task Invoke_WhenDeadlinePasses_ShouldReportTimeoutAndKeepServing()
    {
        var (api, process) = await StartAsync("sleep");
        await using var _ = api;
        await using var __ = process;
        var timedOut = await api.InvokeAsync("""{"milliseconds":60000}""", new FakeInvocationOptions { Timeout = TimeSpan.FromMilliseconds(500) })
            .WaitAsync(TestTimeouts.Invocation);

        var next = await api.InvokeAsync("""{"milliseconds":0}""").WaitAsync(TestTimeouts.Invocation);

        (timedOut.Error?.ErrorType, next.Error).ShouldBe((LambdaErrorTypes.Timeout, null));
    }

    [Fact]
    public async Task Invoke_WhenHandlerIgnoresDeadline_ShouldReportTimeoutAndExitNonZero()
    {
        var (api, process) = await StartAsync("sleep");
        await using var _ = api;
        await using var __ = process;
        var result = await api.InvokeAsync("""{"milliseconds":60000,"ignoreDeadline":true}""", new FakeInvocationOptions { Timeout = TimeSpan.FromMilliseconds(300) })
            .WaitAsync(TestTimeouts.Invocation);

        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (result.Error?.ErrorType, exitCode).ShouldBe((LambdaErrorTypes.Timeout, LambdaHost.HungInvocationExitCode));
    }

    [Fact]
    public async Task Start_WhenHandlerIsUnknown_ShouldReportInitErrorNamingValidHandlersAndExitNonZero()
    {
        var (api, process) = await StartAsync("reserve");
        await using var _ = api;
        await using var __ = process;

        var error = await api.InitError.WaitAsync(TestTimeouts.Invocation);
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (error.ErrorType, error.ErrorMessage.Contains("echo, fail, sleep", StringComparison.Ordinal), exitCode)
            .ShouldBe((LambdaErrorTypes.HandlerNotFound, true, LambdaHost.InitErrorExitCode));
    }

    [Fact]
    public async Task Start_WhenInitThrows_ShouldReportInitErrorAndExitNonZero()
    {
        var (api, process) = await StartAsync("echo", new Dictionary<string, string> { ["TEST_FUNCTION_FAIL_INIT"] = "table name missing" });
        await using var _ = api;
        await using var __ = process;

        var error = await api.InitError.WaitAsync(TestTimeouts.Invocation);
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (error.ErrorType, error.ErrorMessage, exitCode).ShouldBe((nameof(InvalidOperationException), "table name missing", LambdaHost.InitErrorExitCode));
    }

    [Fact]
    public async Task Invoke_WhenManyInvocations_ShouldServeThemAllFromOneProcess()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => api.InvokeAsync($$"""{"message":"m{{i}}"}""")))
            .WaitAsync(TestTimeouts.Invocation);

        (results.Count(r => r.Error is null && r.ResponseText.Contains(r.RequestId, StringComparison.Ordinal)), process.HasExited).ShouldBe((300, false));
    }

    [Fact]
    public async Task Invoke_WhenHandlerLogsFields_ShouldWriteJsonLinesWithRequestIdAndOrderId()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;
        var result = await api.InvokeAsync("""{"message":"x","orderId":"01JORDER","correlationId":"c-9"}""").WaitAsync(TestTimeouts.Invocation);

        await Poll.UntilAsync(() => process.StandardOutput.Any(l => l.Contains(result.RequestId, StringComparison.Ordinal)));

        using var json = JsonDocument.Parse(process.StandardOutput.First(l => l.Contains(result.RequestId, StringComparison.Ordinal)));
        (json.RootElement.GetProperty("orderId").GetString(), json.RootElement.GetProperty("correlationId").GetString()).ShouldBe(("01JORDER", "c-9"));
    }

    [Fact]
    public async Task Sigterm_WhenWaitingForAnEvent_ShouldExitZero()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;
        await Poll.UntilAsync(() => api.NextCalls > 0);

        await process.TerminateAsync();

        (await process.WaitForExitAsync(TestTimeouts.Process)).ShouldBe(0);
    }

    [Fact]
    public async Task Sigterm_WhenInvocationIsInFlight_ShouldAnswerItThenExitZero()
    {
        var (api, process) = await StartAsync("sleep");
        await using var _ = api;
        await using var __ = process;
        var invocation = api.InvokeAsync("""{"milliseconds":2000}""");
        // The handler's own log line, not the fake's send: SIGTERM must land while the handler runs.
        await Poll.UntilAsync(() => process.StandardOutput.Any(l => l.Contains("\"sleeping\"", StringComparison.Ordinal)));

        await process.TerminateAsync();
        var result = await invocation.WaitAsync(TestTimeouts.Invocation);
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (result.Error, exitCode).ShouldBe((null, 0));
    }

    [Fact]
    public async Task Sigint_WhenWaitingForAnEvent_ShouldExitZeroWithoutFatal()
    {
        var (api, process) = await StartAsync("echo");
        await using var _ = api;
        await using var __ = process;
        await Poll.UntilAsync(() => api.NextCalls > 0);

        await process.InterruptAsync();
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (exitCode, process.StandardOutput.Any(l => l.Contains("\"level\":\"FATAL\"", StringComparison.Ordinal))).ShouldBe((0, false), string.Join('\n', process.StandardOutput));
    }

    [Fact]
    public async Task RuntimeApi_WhenItGoesAwayWhileTheProcessRuns_ShouldLogFatalAndExitWithTheRuntimeApiCode()
    {
        var (api, process) = await StartAsync("echo");
        await using var __ = process;
        (await api.InvokeAsync("""{"message":"before"}""").WaitAsync(TestTimeouts.Invocation)).Error.ShouldBeNull();
        await Poll.UntilAsync(() => api.NextCalls > 1);

        // Not a stop the process was told of (no SIGTERM): the Runtime API just fails under it, as when the host dies.
        await api.DisposeAsync();
        var exitCode = await process.WaitForExitAsync(TestTimeouts.Process);

        (exitCode, process.StandardOutput.Any(l => l.Contains("\"level\":\"FATAL\"", StringComparison.Ordinal) && l.Contains("failed to deliver the next event", StringComparison.Ordinal)))
            .ShouldBe((LambdaHost.RuntimeApiErrorExitCode, true), string.Join('\n', process.StandardOutput));
    }

    [Fact]
    public void Publish_WhenModeIsAot_ShouldLeaveOneNativeBootstrap()
    {
        var managedEntryPoint = Path.Combine(Path.GetDirectoryName(function.BootstrapPath)!, "bootstrap.dll");

        File.Exists(managedEntryPoint).ShouldBe(function.Mode != PublishMode.Aot);
    }
}
