using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fulfilment.Local.Edge.Proxy;

/// <summary>
/// Forwards a request unchanged (headers, signature, body) to an emulator on loopback and streams the answer back.
/// Bodies are streamed both ways rather than buffered: the edge sits on every SDK call of the local stack, so each
/// copy of a payload is latency every caller pays.
/// </summary>
internal sealed class ReverseProxy : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Expect", "Content-Length",
    };

    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        // Loopback emulators: Nagle only delays the small JSON requests this proxy forwards.
        ConnectCallback = static async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>Forwards the request; <paramref name="body"/> is the already-read body, or null to stream it from the client.</summary>
    public async Task ForwardAsync(HttpContext context, Uri upstream, byte[]? body)
    {
        var incoming = context.Request;
        var target = new Uri(upstream, incoming.Path.Value + incoming.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target) { Version = HttpVersion.Version11 };
        request.Content = body is not null ? new ByteArrayContent(body) : new StreamContent(incoming.Body);
        if (body is null && incoming.ContentLength is { } length)
        {
            request.Content.Headers.ContentLength = length;
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // Keep the client's Host: fauxqs builds queue URLs from it, so URLs name the edge and SDKs that use the
        // queue URL as endpoint keep coming through the edge.
        request.Headers.Host = incoming.Host.Value;

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            await Dispatch.AwsErrorResponse.WriteAsync(context, 503, "ServiceUnavailable", $"The local emulator at {upstream} did not answer: {ex.Message}");
            return;
        }

        using (response)
        {
            var outgoing = context.Response;
            outgoing.StatusCode = (int)response.StatusCode;
            CopyHeaders(response.Headers, outgoing.Headers);
            CopyHeaders(response.Content.Headers, outgoing.Headers);
            if (response.Content.Headers.ContentLength is { } responseLength)
            {
                outgoing.ContentLength = responseLength;
            }

            await response.Content.CopyToAsync(outgoing.Body, context.RequestAborted);
        }
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var header in from.NonValidated)
        {
            if (HopByHop.Contains(header.Key))
            {
                continue;
            }

            var values = header.Value;
            to[header.Key] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
        }
    }

    public void Dispose() => _http.Dispose();
}
