using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fulfilment.Lambda.Testing;

/// <summary>
/// A loopback fake of the Lambda Runtime API (<c>/2018-06-01/runtime</c>) on a free port: queue invocations,
/// a runtime under test takes them from <c>next</c> and posts responses, errors or its init error back.
/// It parses what the runtime posts with <see cref="JsonDocument"/>, independently of the runtime's own serializers.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly Channel<PendingInvocation> _pending = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<LambdaError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private int _nextCalls;
    private int _delivered;

    private FakeRuntimeApi()
    {
    }

    /// <summary>host:port, the value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; private set; } = string.Empty;

    /// <summary>How many <c>next</c> requests the runtime has made (the first one means init finished).</summary>
    public int NextCalls => Volatile.Read(ref _nextCalls);

    /// <summary>How many invocations the runtime has been handed (sent in full on a <c>next</c> response).</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>Completes when the runtime posts to <c>/init/error</c>.</summary>
    public Task<LambdaError> InitError => _initError.Task;

    /// <summary>Starts the fake on 127.0.0.1 and a port the OS picks.</summary>
    public static async Task<FakeRuntimeApi> StartAsync(CancellationToken ct = default)
    {
        var fake = new FakeRuntimeApi();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(fake.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake._app = app;
        fake.RuntimeApi = new Uri(address).Authority;
        return fake;
    }

    /// <summary>Queues one invocation and waits for the runtime's response or error.</summary>
    public Task<FakeInvocationResult> InvokeAsync(string json, FakeInvocationOptions? options = null, CancellationToken ct = default) =>
        InvokeAsync(Encoding.UTF8.GetBytes(json), options, ct);

    /// <summary>Queues one invocation and waits for the runtime's response or error.</summary>
    public Task<FakeInvocationResult> InvokeAsync(byte[] payload, FakeInvocationOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FakeInvocationOptions();
        var invocation = new PendingInvocation(Guid.NewGuid().ToString(), payload, DateTimeOffset.UtcNow + options.Timeout, options);
        _inFlight[invocation.RequestId] = invocation;
        if (!_pending.Writer.TryWrite(invocation))
        {
            throw new InvalidOperationException("The fake Runtime API is stopped.");
        }

        return invocation.Result.Task.WaitAsync(ct);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var route = path[Prefix.Length..];
        if (HttpMethods.IsGet(http.Request.Method) && route == "invocation/next")
        {
            await NextAsync(http);
        }
        else if (HttpMethods.IsPost(http.Request.Method) && route == "init/error")
        {
            _initError.TrySetResult(ParseError(await ReadBodyAsync(http), http.Request.Headers["Lambda-Runtime-Function-Error-Type"]));
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        }
        else if (HttpMethods.IsPost(http.Request.Method) && route.StartsWith("invocation/", StringComparison.Ordinal))
        {
            await PostResultAsync(http, route["invocation/".Length..]);
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task NextAsync(HttpContext http)
    {
        Interlocked.Increment(ref _nextCalls);
        PendingInvocation invocation;
        try
        {
            invocation = await _pending.Reader.ReadAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the runtime went away (SIGTERM)
        }
        catch (ChannelClosedException)
        {
            // The fake is stopping: drop the connection as a Runtime API that goes away does, rather than answer an
            // event-less 200 the runtime would take for a malformed event.
            http.Abort();
            return;
        }

        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.Options.InvokedFunctionArn;
        if (invocation.Options.TraceId is { } traceId)
        {
            headers["Lambda-Runtime-Trace-Id"] = traceId;
        }

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = invocation.Payload.Length;
        await http.Response.Body.WriteAsync(invocation.Payload, CancellationToken.None);
        await http.Response.CompleteAsync();
        Interlocked.Increment(ref _delivered);
    }

    private async Task PostResultAsync(HttpContext http, string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var requestId = slash < 0 ? rest : rest[..slash];
        var kind = slash < 0 ? string.Empty : rest[(slash + 1)..];
        var body = await ReadBodyAsync(http);
        if (kind is not ("response" or "error") || !_inFlight.TryRemove(requestId, out var invocation))
        {
            // What the real API does for an unknown or already answered request id.
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status202Accepted;
        invocation.Result.TrySetResult(kind == "response"
            ? new FakeInvocationResult(requestId, body, null)
            : new FakeInvocationResult(requestId, null, ParseError(body, http.Request.Headers["Lambda-Runtime-Function-Error-Type"])));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    private static LambdaError ParseError(byte[] body, string? errorTypeHeader)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var stack = root.TryGetProperty("stackTrace", out var trace) && trace.ValueKind == JsonValueKind.Array
            ? trace.EnumerateArray().Select(line => line.GetString() ?? string.Empty).ToList()
            : [];
        var errorType = root.GetProperty("errorType").GetString() ?? string.Empty;
        if (!string.Equals(errorType, errorTypeHeader, StringComparison.Ordinal))
        {
            // Lambda takes the error type from the header; a runtime that disagrees with itself is a bug worth failing on.
            errorType = $"header '{errorTypeHeader}' != body '{errorType}'";
        }

        return new LambdaError(errorType, root.GetProperty("errorMessage").GetString() ?? string.Empty, stack);
    }

    private sealed record PendingInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, FakeInvocationOptions Options)
    {
        public TaskCompletionSource<FakeInvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Per-invocation settings of the fake: the deadline, trace header and invoked ARN it sends.</summary>
public sealed record FakeInvocationOptions
{
    /// <summary>The deadline is now plus this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Sent as <c>Lambda-Runtime-Trace-Id</c> when set.</summary>
    public string? TraceId { get; init; }

    /// <summary>Sent as <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    public string InvokedFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:000000000000:function:fulfilment-test";
}

/// <summary>What the runtime posted for one invocation: a response body or an error.</summary>
public sealed record FakeInvocationResult(string RequestId, byte[]? Response, LambdaError? Error)
{
    /// <summary>The response body as UTF-8 text (empty for an error).</summary>
    public string ResponseText => Response is null ? string.Empty : Encoding.UTF8.GetString(Response);
}
