using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>Relays one client connection's emulator-bound requests, one at a time, to pooled emulator connections.</summary>
internal sealed class ConnectionRelay(EdgeRelay edge, ConnectionContext connection, PipeWriter output)
{
    private readonly ResponseFraming _framing = new();
    private byte[]? _buffer;

    public UpstreamPool? Route(RequestHead head) => edge.Route(head);

    /// <summary>Sends the request (head and body, as received) upstream and copies the response back.</summary>
    /// <param name="first">The read that holds the request head; consumed here unless the outcome is Declined.</param>
    public async ValueTask<RelayOutcome> RelayAsync(UpstreamPool pool, RequestHead head, ReadResult first, PipeReader input, CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.ConnectionClosed) : null;
        var ct = linked?.Token ?? connection.ConnectionClosed;
        var total = head.Length + head.ContentLength;
        var whole = first.Buffer.Length >= total;
        _buffer ??= GC.AllocateUninitializedArray<byte>(16 * 1024);

        // A pooled connection may have been closed by the emulator a moment ago: while nothing is consumed from the
        // client, a failure before any response byte is retried once on a fresh connection, then left to Kestrel's path.
        for (var attempt = 0; ; attempt++)
        {
            var socket = attempt == 0 ? pool.TryRentIdle() : null;
            var reused = socket is not null;
            if (socket is null)
            {
                try
                {
                    socket = await pool.ConnectAsync(ct);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    // The emulator is down: Kestrel's path answers the AWS-shaped 503 (or the client is gone anyway).
                    return RelayOutcome.Declined;
                }
            }

            TouchTimeout();
            var sent = whole
                ? await TrySendAsync(socket, first.Buffer.Slice(0, total), ct)
                : await TryStreamRequestAsync(socket, first, input, total, ct);
            if (sent == Sent.Failed && !whole)
            {
                socket.Dispose();
                return await FailAsync(pool, "while the request body was being sent", ct);
            }

            var outcome = sent == Sent.ClientGone
                ? Outcome.ClientGone
                : await RelayResponseAsync(socket, sent == Sent.Ok, whole ? first.Buffer.GetPosition(total) : null, input, ct);
            switch (outcome)
            {
                case Outcome.NothingReceived when sent == Sent.FirstChunkFailed || whole:
                    socket.Dispose();
                    if (reused)
                    {
                        continue;
                    }

                    return RelayOutcome.Declined;
                case Outcome.NothingReceived:
                    socket.Dispose();
                    return await FailAsync(pool, "before it answered", ct);
                case Outcome.Reusable:
                    pool.Return(socket);
                    TouchTimeout();
                    return RelayOutcome.Relayed;
                case Outcome.Closed:
                    socket.Dispose();
                    TouchTimeout();
                    return RelayOutcome.Relayed;
                default:
                    socket.Dispose();
                    return RelayOutcome.Close;
            }
        }
    }

    private enum Sent
    {
        Ok,
        Failed,

        /// <summary>The very first write failed, so nothing of the client's request was consumed yet.</summary>
        FirstChunkFailed,
        ClientGone,
    }

    private enum Outcome
    {
        NothingReceived,

        /// <summary>The response was relayed and the emulator connection can carry the next request.</summary>
        Reusable,

        /// <summary>The response was relayed; the emulator connection closes, the client's goes on.</summary>
        Closed,

        /// <summary>The client connection must close (the response said so, was cut off, or the client left).</summary>
        ClientGone,
    }

    private static async ValueTask<Sent> TryStreamRequestAsync(Socket socket, ReadResult result, PipeReader input, long total, CancellationToken ct)
    {
        var remaining = total;
        var first = true;
        while (true)
        {
            var chunk = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, remaining));
            if (await TrySendAsync(socket, chunk, ct) != Sent.Ok)
            {
                return first ? Sent.FirstChunkFailed : Sent.Failed;
            }

            first = false;
            remaining -= chunk.Length;
            input.AdvanceTo(chunk.End);
            if (remaining == 0)
            {
                return Sent.Ok;
            }

            if (result.IsCompleted)
            {
                return Sent.ClientGone;
            }

            // A cancelled read here is Kestrel asking to stop; the relay finishes this request first.
            result = await input.ReadAsync(ct);
        }
    }

    private static async ValueTask<Sent> TrySendAsync(Socket socket, ReadOnlySequence<byte> data, CancellationToken ct)
    {
        try
        {
            if (data.IsSingleSegment)
            {
                await SendAllAsync(socket, data.First, ct);
            }
            else if (data.Length <= 64 * 1024)
            {
                // One write instead of one per pipe segment: small requests then reach the emulator in one packet.
                var copy = ArrayPool<byte>.Shared.Rent((int)data.Length);
                try
                {
                    data.CopyTo(copy);
                    await SendAllAsync(socket, copy.AsMemory(0, (int)data.Length), ct);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }
            else
            {
                foreach (var segment in data)
                {
                    await SendAllAsync(socket, segment, ct);
                }
            }

            return Sent.Ok;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return Sent.Failed;
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, ct);
            data = data[sent..];
        }
    }

    /// <param name="requestEnd">Where the request ends in the client's unconsumed buffer, consumed once the answer starts; null when already consumed.</param>
    private async ValueTask<Outcome> RelayResponseAsync(Socket socket, bool requestSent, SequencePosition? requestEnd, PipeReader input, CancellationToken ct)
    {
        if (!requestSent)
        {
            return Outcome.NothingReceived;
        }

        _framing.Reset();
        var buffer = _buffer!;
        var received = false;
        while (true)
        {
            int count;
            try
            {
                count = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                count = -1;
            }

            if (count <= 0)
            {
                if (count == 0 && _framing.IsCloseDelimited)
                {
                    await output.FlushAsync(ct);
                    return Outcome.ClientGone;
                }

                return received ? Outcome.ClientGone : Outcome.NothingReceived;
            }

            if (!received)
            {
                // Counted before the client can see the answer, so a test that reads it also sees the count.
                edge.CountRelayed();
                if (requestEnd is { } end)
                {
                    input.AdvanceTo(end);
                }
            }

            received = true;
            var used = _framing.Advance(buffer.AsSpan(0, count));
            if (used < 0)
            {
                // Not HTTP: nothing sensible can follow on this client connection.
                return Outcome.ClientGone;
            }

            output.Write(buffer.AsSpan(0, used));
            var flushed = await output.FlushAsync(ct);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return Outcome.ClientGone;
            }

            if (_framing.IsDone)
            {
                // Bytes after the end of the response were not asked for: the emulator connection is not trusted again.
                return _framing.MustClose ? Outcome.ClientGone : used < count ? Outcome.Closed : Outcome.Reusable;
            }
        }
    }

    /// <summary>The emulator failed after the client's request was (partly) consumed: answer an AWS-shaped 503 and close.</summary>
    private async ValueTask<RelayOutcome> FailAsync(UpstreamPool pool, string when, CancellationToken ct)
    {
        var body = $"{{\"__type\":\"ServiceUnavailable\",\"message\":\"The local emulator at {pool.Endpoint} failed {when}.\"}}";
        var head = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-ErrorType: ServiceUnavailable\r\n"
            + $"x-amzn-RequestId: {Guid.NewGuid()}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n";
        output.Write(Encoding.UTF8.GetBytes(head + body));
        try
        {
            await output.FlushAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // The client is gone as well.
        }

        return RelayOutcome.Close;
    }

    // Kestrel's keep-alive clock only restarts when Kestrel itself parses a request; relayed requests restart it here,
    // or a busy connection that only carries emulator calls would be closed as idle.
    private void TouchTimeout() => connection.Features.Get<IConnectionTimeoutFeature>()?.ResetTimeout(edge.KeepAlive);
}
