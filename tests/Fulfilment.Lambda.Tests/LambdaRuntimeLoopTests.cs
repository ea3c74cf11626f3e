using System.Text.Json;
using Fulfilment.Contracts.Errors;
using Fulfilment.Lambda.Testing;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

/// <summary>The runtime loop in-process against the loopback fake Runtime API.</summary>
public sealed class LambdaRuntimeLoopTests
{
    private static readonly TestJsonContext Json = TestJsonContext.Default;

    private static void Ping(LambdaHandlerRegistry registry, Func<Ping, ILambdaContext, CancellationToken, Task<Pong>> handler) =>
        registry.Add("ping", Json.Ping, Json.Pong, handler);

    private static Task<Pong> Echo(Ping ping, ILambdaContext context, CancellationToken ct) =>
        Task.FromResult(new Pong(ping.Message, context.AwsRequestId));

    [Fact]
    public async Task RunAsync_WhenHandlerReturns_ShouldPostSerializedResponse()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, Echo));

        var result = await runtime.Api.InvokeAsync("""{"message":"hello"}""").WaitAsync(TestTimeouts.Invocation);

        result.ResponseText.ShouldBe($$"""{"message":"hello","requestId":"{{result.RequestId}}"}""");
    }

    [Fact]
    public async Task RunAsync_WhenHandlerThrowsNamedError_ShouldPostErrorNameAsErrorType()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, (_, _, _) =>
            throw new NamedErrorException(ErrorNames.PaymentDeclined, "Card declined by the issuer.")));

        var result = await runtime.Api.InvokeAsync("""{"message":"x"}""").WaitAsync(TestTimeouts.Invocation);

        result.Error.ShouldNotBeNull();
        (result.Error.ErrorType, result.Error.ErrorMessage).ShouldBe((ErrorNames.PaymentDeclined, "Card declined by the issuer."));
    }

    [Fact]
    public async Task RunAsync_WhenHandlerThrowsPlainException_ShouldPostExceptionTypeNameWithStackTrace()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, async (_, _, _) =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        var result = await runtime.Api.InvokeAsync("""{"message":"x"}""").WaitAsync(TestTimeouts.Invocation);

        result.Error.ShouldNotBeNull();
        result.Error.ShouldSatisfyAllConditions(
            e => e.ErrorType.ShouldBe(nameof(InvalidOperationException)),
            e => e.StackTrace.ShouldNotBeEmpty());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public async Task RunAsync_WhenPayloadDoesNotFitRequestType_ShouldPostInvalidInput(string payload)
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, Echo));

        var result = await runtime.Api.InvokeAsync(payload).WaitAsync(TestTimeouts.Invocation);

        result.Error?.ErrorType.ShouldBe(ErrorNames.InvalidInput);
    }

    [Fact]
    public async Task RunAsync_WhenDeadlinePassesDuringHandler_ShouldPostTimeout()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, async (ping, context, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return new Pong("never", context.AwsRequestId);
        }));

        var result = await runtime.Api.InvokeAsync("""{"message":"x"}""", new FakeInvocationOptions { Timeout = TimeSpan.FromMilliseconds(300) })
            .WaitAsync(TestTimeouts.Invocation);

        result.Error?.ErrorType.ShouldBe(LambdaErrorTypes.Timeout);
    }

    [Fact]
    public async Task RunAsync_WhenDeadlineTimesOutOneInvocation_ShouldServeTheNextOne()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, async (ping, context, ct) =>
        {
            await Task.Delay(ping.Message == "slow" ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, ct);
            return new Pong(ping.Message, context.AwsRequestId);
        }));
        await runtime.Api.InvokeAsync("""{"message":"slow"}""", new FakeInvocationOptions { Timeout = TimeSpan.FromMilliseconds(200) })
            .WaitAsync(TestTimeouts.Invocation);

        var result = await runtime.Api.InvokeAsync("""{"message":"fast"}""").WaitAsync(TestTimeouts.Invocation);

        result.Error.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_WhenHandlerIgnoresDeadline_ShouldPostTimeoutAndExitWithHungCode()
    {
        var release = new TaskCompletionSource<Pong>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, (_, _, _) => release.Task));
        var result = await runtime.Api.InvokeAsync("""{"message":"x"}""", new FakeInvocationOptions { Timeout = TimeSpan.FromMilliseconds(100) })
            .WaitAsync(TestTimeouts.Invocation);

        var exitCode = await runtime.Run.WaitAsync(TestTimeouts.Process);
        release.SetResult(new Pong("late", "late"));

        (result.Error?.ErrorType, exitCode).ShouldBe((LambdaErrorTypes.Timeout, LambdaHost.HungInvocationExitCode));
    }

    [Fact]
    public async Task RunAsync_WhenHandlerIsUnknown_ShouldPostInitErrorNamingTheValidHandlers()
    {
        await using var runtime = await InProcessRuntime.StartAsync("pong", r => Ping(r, Echo));

        var error = await runtime.Api.InitError.WaitAsync(TestTimeouts.Invocation);

        (error.ErrorType, error.ErrorMessage.Contains("ping", StringComparison.Ordinal)).ShouldBe((LambdaErrorTypes.HandlerNotFound, true));
    }

    [Fact]
    public async Task RunAsync_WhenHandlerIsUnknown_ShouldExitWithInitErrorCode()
    {
        await using var runtime = await InProcessRuntime.StartAsync("pong", r => Ping(r, Echo));

        var exitCode = await runtime.Run.WaitAsync(TestTimeouts.Process);

        exitCode.ShouldBe(LambdaHost.InitErrorExitCode);
    }

    [Fact]
    public async Task RunAsync_WhenConfigureThrows_ShouldPostInitErrorWithExceptionType()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", _ => throw new InvalidOperationException("no table name"));

        var error = await runtime.Api.InitError.WaitAsync(TestTimeouts.Invocation);

        (error.ErrorType, error.ErrorMessage).ShouldBe((nameof(InvalidOperationException), "no table name"));
    }

    [Fact]
    public async Task RunAsync_WhenRuntimeApiIsNotSet_ShouldReturnInitErrorCode()
    {
        var exitCode = await LambdaHost.RunAsync(r => Ping(r, Echo), new LambdaEnvironment { Handler = "ping", HandleSigterm = false }, Stream.Null)
            .WaitAsync(TestTimeouts.Process);

        exitCode.ShouldBe(LambdaHost.InitErrorExitCode);
    }

    [Fact]
    public async Task RunAsync_WhenManyInvocationsAreQueued_ShouldAnswerEachWithItsOwnResponse()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, Echo));

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => runtime.Api.InvokeAsync($$"""{"message":"m{{i}}"}""")))
            .WaitAsync(TestTimeouts.Invocation);

        results.Select((r, i) => JsonSerializer.Deserialize(r.ResponseText, Json.Pong)! == new Pong($"m{i}", r.RequestId)).ShouldAllBe(ok => ok);
    }

    [Fact]
    public async Task RunAsync_WhenInvoked_ShouldGiveTheHandlerTheRuntimeHeaders()
    {
        ILambdaContext? seen = null;
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, (ping, context, ct) =>
        {
            seen = context;
            return Echo(ping, context, ct);
        }));
        var options = new FakeInvocationOptions { TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", InvokedFunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:f:live" };

        var result = await runtime.Api.InvokeAsync("""{"message":"x"}""", options).WaitAsync(TestTimeouts.Invocation);

        seen.ShouldNotBeNull().ShouldSatisfyAllConditions(
            c => c.AwsRequestId.ShouldBe(result.RequestId),
            c => c.InvokedFunctionArn.ShouldBe(options.InvokedFunctionArn),
            c => c.TraceId.ShouldBe(options.TraceId),
            c => c.FunctionName.ShouldBe("in-process"),
            c => c.Deadline.ShouldBeInRange(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow + options.Timeout));
    }

    [Fact]
    public async Task RunAsync_WhenHandlerLogsWithFields_ShouldWriteJsonLineWithRequestIdAndFields()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, (ping, context, ct) =>
        {
            context.Logger.Info("reserved", new Dictionary<string, object?> { ["orderId"] = ping.OrderId, ["correlationId"] = "c-1" });
            return Echo(ping, context, ct);
        }));

        var result = await runtime.Api.InvokeAsync("""{"message":"x","orderId":"01JORDER"}""").WaitAsync(TestTimeouts.Invocation);

        var line = runtime.LogLines.Single(l => l.Contains("\"reserved\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        (json.RootElement.GetProperty("requestId").GetString(), json.RootElement.GetProperty("orderId").GetString(), json.RootElement.GetProperty("level").GetString())
            .ShouldBe((result.RequestId, "01JORDER", "INFO"));
    }

    [Fact]
    public async Task RunAsync_WhenStoppedWhileWaitingForAnEvent_ShouldReturnZero()
    {
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, Echo));
        await Poll.UntilAsync(() => runtime.Api.NextCalls > 0);

        var exitCode = await runtime.StopAsync();

        exitCode.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_WhenStoppedDuringAnInvocation_ShouldAnswerItThenReturnZero()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var runtime = await InProcessRuntime.StartAsync("ping", r => Ping(r, async (ping, context, ct) =>
        {
            entered.SetResult();
            await release.Task;
            return new Pong(ping.Message, context.AwsRequestId);
        }));
        var invocation = runtime.Api.InvokeAsync("""{"message":"in flight"}""");
        await entered.Task.WaitAsync(TestTimeouts.Invocation);

        var stopping = runtime.StopAsync();
        release.SetResult();
        var (result, exitCode) = (await invocation.WaitAsync(TestTimeouts.Invocation), await stopping);

        (result.Error, exitCode).ShouldBe((null, 0));
    }
}
