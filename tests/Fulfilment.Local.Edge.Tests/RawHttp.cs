using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>
/// HTTP/1.1 by hand over one TCP connection, so tests control what an SDK hides: keep-alive, pipelining,
/// <c>Expect: 100-continue</c>, bodies sent in pieces.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    public const string Signature = "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawHttp(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttp> ConnectAsync(Uri endpoint)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", endpoint.Port);
        return new RawHttp(client);
    }

    /// <summary>A signed AWS JSON-protocol request; <paramref name="withAuthorization"/> false leaves out the Authorization header.</summary>
    public static string Request(string target, string body, bool withAuthorization = true, string? extraHeaders = null) =>
        $"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: {target}\r\nX-Amz-Date: 20260101T000000Z\r\n"
        + (withAuthorization ? $"Authorization: {Signature}\r\n" : "")
        + "Content-Type: application/x-amz-json-1.0\r\n" + extraHeaders
        + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response (status, headers, body by Content-Length or chunked); null when the connection closed first.</summary>
    public async Task<RawResponse?> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var head = await ReadLineBlockAsync(cts.Token);
        if (head is null)
        {
            return null;
        }

        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        if (status is >= 100 and < 200)
        {
            return new RawResponse(status, headers, "");
        }

        if (headers.TryGetValue("Content-Length", out var length))
        {
            await ReadExactlyAsync(body, int.Parse(length, CultureInfo.InvariantCulture), cts.Token);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (await ReadLineAsync(cts.Token) is { } sizeLine && int.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var size and > 0)
            {
                await ReadExactlyAsync(body, size, cts.Token);
                await ReadLineAsync(cts.Token);
            }

            while (await ReadLineAsync(cts.Token) is { Length: > 0 })
            {
            }
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>True when the server closed the connection (reads end) within the timeout.</summary>
    public async Task<bool> IsClosedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (_start < _end)
                {
                    _start = _end;
                }

                if (await _stream.ReadAsync(_buffer, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<string?> ReadLineBlockAsync(CancellationToken ct)
    {
        var text = new StringBuilder();
        while (await ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                return text.ToString();
            }

            text.Append(text.Length > 0 ? "\r\n" : "").Append(line);
        }

        return null;
    }

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                return null;
            }

            var b = _buffer[_start++];
            if (b == '\n')
            {
                var bytes = line.ToArray();
                return Encoding.UTF8.GetString(bytes, 0, bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length);
            }

            line.WriteByte(b);
        }
    }

    private async Task ReadExactlyAsync(MemoryStream into, int count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(ct))
            {
                throw new EndOfStreamException($"The connection closed with {count} body bytes missing.");
            }

            var take = Math.Min(count, _end - _start);
            into.Write(_buffer, _start, take);
            _start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken ct)
    {
        try
        {
            _end = await _stream.ReadAsync(_buffer, ct);
        }
        catch (IOException)
        {
            _end = 0;
        }

        _start = 0;
        return _end > 0;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One response as read by <see cref="RawHttp"/>.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
