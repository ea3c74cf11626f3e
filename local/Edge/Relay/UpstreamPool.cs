using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>Kept-alive loopback sockets to one emulator, reused across client connections.</summary>
internal sealed class UpstreamPool : IDisposable
{
    // fauxqs (Node) closes idle keep-alive connections after 5 s; a connection idle for longer than this is not risked.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(2);
    private const int MaxPooled = 32;

    private readonly ConcurrentStack<(Socket Socket, long IdleSince)> _idle = new();
    private volatile bool _disposed;

    public UpstreamPool(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        var address = IPAddress.TryParse(endpoint.Host, out var ip) ? ip
            : endpoint.IsLoopback ? IPAddress.Loopback
            : throw new ArgumentException($"The edge only relays to loopback emulators, not {endpoint}.", nameof(endpoint));
        Address = new IPEndPoint(address, endpoint.Port);
    }

    public Uri Endpoint { get; }

    public IPEndPoint Address { get; }

    /// <summary>A pooled connection if a live one is idle, else null: the caller then connects a new one.</summary>
    public Socket? TryRentIdle()
    {
        while (_idle.TryPop(out var entry))
        {
            // Readable while idle means the emulator closed it (or sent something unasked): either way it is spent.
            if (Stopwatch.GetElapsedTime(entry.IdleSince) < MaxIdle && !entry.Socket.Poll(0, SelectMode.SelectRead))
            {
                return entry.Socket;
            }

            entry.Socket.Dispose();
        }

        return null;
    }

    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Address, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Returns a connection whose last response was read to its end.</summary>
    public void Return(Socket socket)
    {
        if (_disposed || _idle.Count >= MaxPooled)
        {
            socket.Dispose();
            return;
        }

        _idle.Push((socket, Stopwatch.GetTimestamp()));
        if (_disposed && _idle.TryPop(out var late))
        {
            late.Socket.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var entry))
        {
            entry.Socket.Dispose();
        }
    }
}
