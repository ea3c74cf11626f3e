using System.Text;
using Fulfilment.Contracts.Errors;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

/// <summary>In-process invocation: the same serialization and error mapping as the runtime loop, without HTTP.</summary>
public sealed class LambdaHandlerRegistryTests
{
    private static readonly LambdaContext Context = new() { AwsRequestId = "req-1", Deadline = DateTimeOffset.UtcNow.AddMinutes(5) };

    private static LambdaHandlerRegistry Registry(Func<Ping, ILambdaContext, CancellationToken, Task<Pong>> handler) =>
        new LambdaHandlerRegistry().Add("ping", TestJsonContext.Default.Ping, TestJsonContext.Default.Pong, handler);

    [Fact]
    public async Task InvokeAsync_WhenHandlerReturns_ShouldReturnSerializedResponse()
    {
        var registry = Registry((p, c, _) => Task.FromResult(new Pong(p.Message, c.AwsRequestId)));

        var result = await registry.InvokeAsync("ping", Encoding.UTF8.GetBytes("""{"message":"hi"}"""), Context, CancellationToken.None);

        Encoding.UTF8.GetString(result.Response!).ShouldBe("""{"message":"hi","requestId":"req-1"}""");
    }

    [Fact]
    public async Task InvokeAsync_WhenHandlerThrowsNamedError_ShouldReturnErrorWithTheName()
    {
        var registry = Registry((_, _, _) => throw new InsufficientStockException("o-1", [new Contracts.Steps.StockShortage("SKU-1", 5, 2)]));

        var result = await registry.InvokeAsync("ping", Encoding.UTF8.GetBytes("""{"message":"hi"}"""), Context, CancellationToken.None);

        result.Error?.ErrorType.ShouldBe(ErrorNames.InsufficientStock);
    }

    [Fact]
    public async Task InvokeAsync_WhenPayloadIsMalformed_ShouldReturnInvalidInputWithoutCallingTheHandler()
    {
        var called = false;
        var registry = Registry((p, c, _) => { called = true; return Task.FromResult(new Pong(p.Message, c.AwsRequestId)); });

        var result = await registry.InvokeAsync("ping", Encoding.UTF8.GetBytes("{"), Context, CancellationToken.None);

        (result.Error?.ErrorType, called).ShouldBe((ErrorNames.InvalidInput, false));
    }

    [Fact]
    public async Task InvokeAsync_WhenNameIsUnknown_ShouldThrowNamingTheRegisteredHandlers()
    {
        var registry = Registry((p, c, _) => Task.FromResult(new Pong(p.Message, c.AwsRequestId)));

        var ex = await Should.ThrowAsync<KeyNotFoundException>(() => registry.InvokeAsync("pong", ReadOnlyMemory<byte>.Empty, Context, CancellationToken.None));

        ex.Message.ShouldContain("ping");
    }

    [Fact]
    public void Add_WhenNameIsTaken_ShouldThrow()
    {
        var registry = Registry((p, c, _) => Task.FromResult(new Pong(p.Message, c.AwsRequestId)));

        Should.Throw<ArgumentException>(() => registry.Add("ping", TestJsonContext.Default.Ping, TestJsonContext.Default.Pong, (p, c, _) => Task.FromResult(new Pong(p.Message, c.AwsRequestId))));
    }
}
