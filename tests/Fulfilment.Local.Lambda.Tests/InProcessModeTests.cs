using System.Text.Json.Serialization;
using Fulfilment.Contracts.Errors;
using Fulfilment.Lambda;
using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>In-process functions give the same result shape as processes.</summary>
public sealed class InProcessModeTests
{
    [Fact]
    public async Task InvokeAsync_WhenSameFailureInProcessAndAsProcess_ShouldReturnTheSameError()
    {
        await using var service = await LocalLambdaService.StartAsync(
        [
            TestSupport.TestFunction("fn-fail-process", "fail"),
            new LocalLambdaFunction { Name = "fn-fail-inprocess", Handler = "fail", Registry = Registry() },
        ]);
        var payload = TestSupport.Json("""{"message":"card declined","errorName":"PaymentDeclined"}""");

        var process = await service.InvokeAsync("fn-fail-process", payload, CancellationToken.None);
        var inProcess = await service.InvokeAsync("fn-fail-inprocess", payload, CancellationToken.None);

        (inProcess.Error?.ErrorType, inProcess.Error?.ErrorMessage).ShouldBe((process.Error?.ErrorType, process.Error?.ErrorMessage));
    }

    [Fact]
    public async Task InvokeAsync_WhenInProcessHandlerSucceeds_ShouldReturnItsJson()
    {
        await using var service = await LocalLambdaService.StartAsync([new LocalLambdaFunction { Name = "fn-echo", Handler = "echo", Registry = Registry() }]);

        var result = await service.InvokeAsync("fn-echo", TestSupport.Json("""{"message":"hi"}"""), CancellationToken.None);

        TestSupport.Text(result).ShouldBe("""{"message":"hi","invokedFunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:fn-echo"}""");
    }

    [Fact]
    public async Task InvokeAsync_WhenInProcessHandlerOverrunsTimeout_ShouldReturnSandboxTimedout()
    {
        await using var service = await LocalLambdaService.StartAsync(
            [new LocalLambdaFunction { Name = "fn-sleep", Handler = "sleep", Registry = Registry(), Timeout = TimeSpan.FromMilliseconds(300) }]);

        var result = await service.InvokeAsync("fn-sleep", TestSupport.Json("""{"message":"10000"}"""), CancellationToken.None);

        result.Error.ShouldNotBeNull().ErrorType.ShouldBe("Sandbox.Timedout");
    }

    private static LambdaHandlerRegistry Registry()
    {
        var json = InProcessJsonContext.Default;
        return new LambdaHandlerRegistry()
            .Add("echo", json.Request, json.Reply, (request, context, _) => Task.FromResult(new Reply(request.Message, context.InvokedFunctionArn)))
            .Add("fail", json.Request, json.Reply, (request, _, _) => throw new NamedErrorException(request.ErrorName ?? "Failed", request.Message))
            .Add("sleep", json.Request, json.Reply, async (request, _, _) =>
            {
                await Task.Delay(int.Parse(request.Message, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
                return new Reply("slept", string.Empty);
            });
    }
}

public sealed record Request(string Message, string? ErrorName = null);

public sealed record Reply(string Message, string InvokedFunctionArn);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Request))]
[JsonSerializable(typeof(Reply))]
internal sealed partial class InProcessJsonContext : JsonSerializerContext
{
}
