using Fulfilment.Lambda;
using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>Functions run as real processes (dotnet Fulfilment.Lambda.TestFunction.dll) against our Runtime API.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessModeTests
{
    private readonly LogCapture _log = new();

    [Fact]
    public async Task InvokeAsync_WhenHandlerSucceeds_ShouldReturnItsResponse()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-echo", "echo"));

        var result = await service.InvokeAsync("fn-echo", TestSupport.Json("""{"message":"hello"}"""), CancellationToken.None);

        TestSupport.Text(result).ShouldContain("\"message\":\"hello\"", customMessage: _log.ToString());
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerSucceeds_ShouldSendTheFunctionArnAndTraceHeaders()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-echo", "echo"));

        var result = await service.InvokeAsync("fn-echo", TestSupport.Json("""{"message":"hello"}"""), CancellationToken.None);

        TestSupport.Text(result).ShouldSatisfyAllConditions(
            text => text.ShouldContain("\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:000000000000:function:fn-echo\""),
            text => text.ShouldContain("\"traceId\":\"Root=1-"));
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerLogs_ShouldForwardItsOutputLines()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-echo", "echo"));

        await service.InvokeAsync("fn-echo", TestSupport.Json("""{"message":"hello","orderId":"order-42"}"""), CancellationToken.None);

        await TestSupport.UntilAsync(() => _log.LinesOf("fn-echo").Any(l => l.Contains("order-42", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerThrowsNamedError_ShouldReturnItsErrorType()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-fail", "fail"));

        var result = await service.InvokeAsync("fn-fail", TestSupport.Json("""{"message":"card declined","errorName":"PaymentDeclined"}"""), CancellationToken.None);

        result.Error.ShouldNotBeNull().ShouldSatisfyAllConditions(
            e => e.ErrorType.ShouldBe("PaymentDeclined"),
            e => e.ErrorMessage.ShouldBe("card declined"));
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerIgnoresDeadline_ShouldReturnSandboxTimedout()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep") with { Timeout = TimeSpan.FromSeconds(2) });

        var result = await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000,"ignoreDeadline":true}"""), CancellationToken.None);

        result.Error.ShouldNotBeNull().ErrorType.ShouldBe("Sandbox.Timedout");
    }

    [Fact]
    public async Task InvokeAsync_AfterTimeout_ShouldServeTheNextInvocationFromAFreshProcess()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep") with { Timeout = TimeSpan.FromSeconds(2), MaxConcurrency = 1 });
        await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000,"ignoreDeadline":true}"""), CancellationToken.None);

        var result = await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":1}"""), CancellationToken.None);

        (result.IsSuccess, service.GetStats("fn-sleep").ProcessesStarted).ShouldBe((true, 2), _log.ToString());
    }

    [Fact]
    public async Task InvokeAsync_WhenProcessCrashesMidInvocation_ShouldReturnRuntimeExitError()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep"));
        var running = service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000}"""), CancellationToken.None);
        await TestSupport.UntilAsync(() => service.GetStats("fn-sleep").BusyProcesses == 1);

        service.KillOneProcess("fn-sleep").ShouldBeTrue();
        var result = await running.WaitAsync(TestSupport.Deadline);

        result.Error.ShouldNotBeNull().ErrorType.ShouldBe("Runtime.ExitError");
    }

    [Fact]
    public async Task InvokeAsync_AfterProcessCrash_ShouldSucceed()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep") with { MaxConcurrency = 1 });
        var running = service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000}"""), CancellationToken.None);
        await TestSupport.UntilAsync(() => service.GetStats("fn-sleep").BusyProcesses == 1);
        service.KillOneProcess("fn-sleep");
        await running.WaitAsync(TestSupport.Deadline);

        var result = await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":1}"""), CancellationToken.None);

        result.IsSuccess.ShouldBeTrue(_log.ToString());
    }

    [Fact]
    public async Task InvokeAsync_WhenMoreParallelInvocationsThanMaxConcurrency_ShouldCompleteAllWithinTheLimit()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep") with { MaxConcurrency = 2 });

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":200}"""), CancellationToken.None)));

        (results.Count(r => r.IsSuccess), service.GetStats("fn-sleep").ProcessesStarted <= 2).ShouldBe((6, true), _log.ToString());
    }

    [Fact]
    public async Task InvokeAsync_WhenInitFails_ShouldReturnTheInitError()
    {
        var function = TestSupport.TestFunction("fn-broken", "echo") with
        {
            Environment = new Dictionary<string, string> { ["TEST_FUNCTION_FAIL_INIT"] = "table name missing" },
        };
        await using var service = await StartAsync(function);

        var result = await service.InvokeAsync("fn-broken", TestSupport.Json("""{"message":"hello"}"""), CancellationToken.None);

        result.Error.ShouldNotBeNull().ShouldSatisfyAllConditions(
            e => e.ErrorType.ShouldBe(nameof(InvalidOperationException)),
            e => e.ErrorMessage.ShouldBe("table name missing"));
    }

    [Fact]
    public async Task InvokeAsync_WhenFunctionIsUnknown_ShouldReturnResourceNotFound()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-echo", "echo"));

        var result = await service.InvokeAsync("fn-missing", TestSupport.Json("{}"), CancellationToken.None);

        result.Error.ShouldNotBeNull().ErrorType.ShouldBe(LocalLambdaErrors.ResourceNotFound);
    }

    [Fact]
    public async Task InvokeForStepFunctionsAsync_WhenHandlerFails_ShouldReturnTheErrorTuple()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-fail", "fail"));

        var (response, error) = await service.InvokeForStepFunctionsAsync("fn-fail", TestSupport.Json("""{"message":"short","errorName":"InsufficientStock"}"""), CancellationToken.None);

        (response, error).ShouldBe((null, ("InsufficientStock", "short")));
    }

    [Fact]
    public async Task StartAsync_WhenPrewarmed_ShouldStartProcessesBeforeTheFirstInvocation()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-echo", "echo") with { PrewarmedInstances = 1 });

        service.GetStats("fn-echo").LiveProcesses.ShouldBe(1);
    }

    [Fact]
    public async Task InvokeAsync_WhenChaosKillsEveryProcess_ShouldReturnRuntimeExitError()
    {
        await using var service = await LocalLambdaService.StartAsync(
            [TestSupport.TestFunction("fn-sleep", "sleep")],
            new LocalLambdaServiceOptions { Log = _log.Sink, ChaosKillProbability = 1 });

        var result = await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":5000}"""), CancellationToken.None);

        result.Error.ShouldNotBeNull().ErrorType.ShouldBe("Runtime.ExitError");
    }

    [Fact]
    public async Task InvokeAsync_WhenCallerCancelsWhileQueued_ShouldThrowOperationCanceled()
    {
        await using var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep") with { MaxConcurrency = 1 });
        var running = service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000}"""), CancellationToken.None);
        await TestSupport.UntilAsync(() => service.GetStats("fn-sleep").BusyProcesses == 1);
        using var cancel = new CancellationTokenSource();
        var queued = service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":1}"""), cancel.Token);

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => queued);
    }

    [Fact]
    public async Task DisposeAsync_WhenInvocationIsRunning_ShouldCancelItsCaller()
    {
        var service = await StartAsync(TestSupport.TestFunction("fn-sleep", "sleep"));
        var running = service.InvokeAsync("fn-sleep", TestSupport.Json("""{"milliseconds":60000}"""), CancellationToken.None);
        await TestSupport.UntilAsync(() => service.GetStats("fn-sleep").BusyProcesses == 1);

        await service.DisposeAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task DisposeAsync_AfterInvocations_ShouldStopEveryProcessCleanlyWithoutFatalOrCriticalLines()
    {
        // The grace is the test's deadline, not Lambda's 2 s: a slow machine must not turn a clean stop into a kill.
        var service = await LocalLambdaService.StartAsync(
            [TestSupport.TestFunction("fn-echo", "echo") with { MaxConcurrency = 3, PrewarmedInstances = 3 }],
            new LocalLambdaServiceOptions { Log = _log.Sink, ShutdownGrace = TestSupport.Deadline });
        var results = await Task.WhenAll(Enumerable.Range(0, 9).Select(i =>
            service.InvokeAsync("fn-echo", TestSupport.Json($$"""{"message":"order {{i}}"}"""), CancellationToken.None)));
        var started = service.GetStats("fn-echo").ProcessesStarted;

        await service.DisposeAsync();

        var lines = _log.LinesOf("fn-echo");
        (results.All(r => r.IsSuccess),
            string.Join('\n', lines.Where(l => l.Contains("\"level\":\"FATAL\"", StringComparison.Ordinal) || l.Contains("Critical", StringComparison.Ordinal))),
            lines.Count(l => l.Contains("Shutdown requested", StringComparison.Ordinal)))
            .ShouldBe((true, string.Empty, started), _log.ToString());
    }

    private Task<LocalLambdaService> StartAsync(LocalLambdaFunction function) =>
        LocalLambdaService.StartAsync([function], new LocalLambdaServiceOptions { Log = _log.Sink });
}
