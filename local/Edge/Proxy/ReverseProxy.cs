using System.Net;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Proxy;

/// <summary>Forwards a request unchanged (headers, signature, body) to an emulator on loopback and copies the answer back.</summary>
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
    });

    public async Task ForwardAsync(HttpContext context, Uri upstream, byte[] body)
    {
        var incoming = context.Request;
        var target = new Uri(upstream, incoming.Path.Value + incoming.QueryString.Value);
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target) { Version = HttpVersion.Version11 };
        request.Content = new ByteArrayContent(body);
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
            foreach (var (name, values) in response.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    outgoing.Headers[name] = values.ToArray();
                }
            }

            foreach (var (name, values) in response.Content.Headers)
            {
                if (!HopByHop.Contains(name))
                {
                    outgoing.Headers[name] = values.ToArray();
                }
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            outgoing.ContentLength = bytes.Length;
            await outgoing.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }

    public void Dispose() => _http.Dispose();
}
