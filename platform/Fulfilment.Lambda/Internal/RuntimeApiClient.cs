using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Fulfilment.Lambda.Internal;

/// <summary>The Lambda Runtime API (<c>/2018-06-01/runtime</c>) over one kept-alive HTTP/1.1 connection.</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly string _baseUri;

    public RuntimeApiClient(string runtimeApi)
    {
        _baseUri = $"http://{runtimeApi}/2018-06-01/runtime/";
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            // The next call blocks until an event arrives, possibly for minutes: never time it out or drop the connection.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        NextUri = new Uri(_baseUri + "invocation/next");
        InitErrorUri = new Uri(_baseUri + "init/error");
    }

    private Uri NextUri { get; }

    private Uri InitErrorUri { get; }

    /// <summary>Blocks until the next event; its body is read into <paramref name="payload"/>.</summary>
    public async Task<InvocationHeaders> NextAsync(PayloadBuffer payload, CancellationToken ct)
    {
        using var response = await _http.GetAsync(NextUri, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        var headers = response.Headers.NonValidated;
        var requestId = Header(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API sent an event without Lambda-Runtime-Aws-Request-Id.");
        var deadline = DateTimeOffset.MaxValue;
        if (Header(headers, "Lambda-Runtime-Deadline-Ms") is { } ms && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var unixMs))
        {
            deadline = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
        }

        // Once the headers are here the event is ours: a shutdown request must not drop it half read.
        var stream = await response.Content.ReadAsStreamAsync(CancellationToken.None);
        await using (stream)
        {
            await payload.ReadFromAsync(stream, response.Content.Headers.ContentLength, CancellationToken.None);
        }

        return new InvocationHeaders(
            requestId,
            deadline,
            Header(headers, "Lambda-Runtime-Invoked-Function-Arn") ?? string.Empty,
            Header(headers, "Lambda-Runtime-Trace-Id"));
    }

    public async Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync(new Uri(_baseUri + "invocation/" + requestId + "/response"), content, ct);
        response.EnsureSuccessStatusCode();
    }

    public Task PostErrorAsync(string requestId, LambdaError error, CancellationToken ct) =>
        PostErrorAsync(new Uri(_baseUri + "invocation/" + requestId + "/error"), error, ct);

    public Task PostInitErrorAsync(LambdaError error, CancellationToken ct) => PostErrorAsync(InitErrorUri, error, ct);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorAsync(Uri uri, LambdaError error, CancellationToken ct)
    {
        using var content = new ReadOnlyMemoryContent(JsonSerializer.SerializeToUtf8Bytes(error, LambdaRuntimeJsonContext.Default.LambdaError));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", error.ErrorType);
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpHeadersNonValidated headers, string name) =>
        headers.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;
}

/// <summary>The per-invocation headers of a <c>next</c> response.</summary>
internal sealed record InvocationHeaders(string RequestId, DateTimeOffset Deadline, string InvokedFunctionArn, string? TraceId);
