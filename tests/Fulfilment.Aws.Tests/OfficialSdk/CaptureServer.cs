using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>One request as it arrived on the wire: request line, headers in their order and spelling, body bytes, TLS server name.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? ServerName)
{
    /// <summary>The values of a header joined with <c>,</c> (as HTTP and SigV4 combine repeated headers), or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }

    /// <summary>The access key id in the SigV4 <c>Credential=</c> of the Authorization header: the tests give each call its own.</summary>
    public string? AccessKeyId
    {
        get
        {
            var authorization = Header("Authorization");
            var start = authorization?.IndexOf("Credential=", StringComparison.Ordinal) ?? -1;
            if (start < 0)
            {
                return null;
            }

            start += "Credential=".Length;
            var end = authorization!.IndexOf('/', start);
            return end < 0 ? null : authorization[start..end];
        }
    }
}

/// <summary>What the capture server answers: a status, a body and any extra headers (e.g. <c>x-amzn-ErrorType</c>).</summary>
public sealed record CannedResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static CannedResponse Ok(string body) => new(200, body);

    /// <summary>A string as a JSON string literal, for writing one JSON document inside another.</summary>
    public static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}

/// <summary>
/// A loopback HTTP/1.1 server (TLS when given a certificate) that records each request exactly as a client sent it and
/// answers what <c>respond</c> says. Connections are kept alive, as both SDKs keep them.
/// </summary>
public sealed class CaptureServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<CapturedRequest, CannedResponse> _respond;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    private CaptureServer(Func<CapturedRequest, CannedResponse> respond, X509Certificate2? certificate)
    {
        _respond = respond;
        _certificate = certificate;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<CapturedRequest> Requests => [.. _requests];

    public static CaptureServer Start(Func<CapturedRequest, CannedResponse> respond, X509Certificate2? tlsCertificate = null) => new(respond, tlsCertificate);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_acceptLoop, .. _connections]);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                string? serverName = null;
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                    await tls.AuthenticateAsServerAsync(
                        new SslServerAuthenticationOptions { ServerCertificate = _certificate, ApplicationProtocols = [SslApplicationProtocol.Http11] }, _stop.Token);
                    serverName = tls.TargetHostName;
                    stream = tls;
                }

                await using (stream)
                {
                    var reader = new HttpRequestReader(stream);
                    while (await reader.ReadAsync(serverName, _stop.Token) is { } request)
                    {
                        _requests.Enqueue(request);
                        await WriteAsync(stream, request, _respond(request), _stop.Token);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException
                                           or System.Security.Authentication.AuthenticationException)
            {
                // The client closed, a client refused the certificate, or the server stopped: nothing to record.
            }
        }
    }

    private static async Task WriteAsync(Stream stream, CapturedRequest request, CannedResponse response, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-amzn-RequestId"] = "capture-request-id" };
        if (body.Length > 0)
        {
            headers["Content-Type"] = request.Header("Content-Type") ?? "application/x-amz-json-1.0";
        }

        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }

        headers["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads HTTP/1.1 requests with <c>Content-Length</c> bodies (what both SDKs send) off one connection.</summary>
    private sealed class HttpRequestReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<CapturedRequest?> ReadAsync(string? serverName, CancellationToken cancellationToken)
        {
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headEnd).Split("\r\n");
            _start += headEnd + 4;
            var requestLine = head[0].Split(' ');
            var headers = head[1..].Select(line =>
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return KeyValuePair.Create(line[..colon], line[(colon + 1)..].Trim());
            }).ToList();
            if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidDataException("The capture server reads Content-Length bodies only; a client sent Transfer-Encoding.");
            }

            var length = int.Parse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value ?? "0", CultureInfo.InvariantCulture);
            while (_end - _start < length)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new EndOfStreamException("The client closed the connection in the middle of a request body.");
                }
            }

            var body = _buffer.AsSpan(_start, length).ToArray();
            _start += length;
            return new CapturedRequest(requestLine[0], requestLine[1], headers, body, serverName);
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException("A request is larger than the capture server's 64 KB buffer.");
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }
}
