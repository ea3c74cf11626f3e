using System.Buffers.Text;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>
/// Follows an emulator's HTTP/1.1 response through the bytes as they pass, only far enough to know where it ends
/// (<c>Content-Length</c>, <c>chunked</c>, or the connection closing) and whether the connection can be reused.
/// </summary>
internal sealed class ResponseFraming
{
    private enum State
    {
        Head,
        Fixed,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailer,
        UntilClose,
        Done,
    }

    private readonly byte[] _head = new byte[8 * 1024];
    private int _headLength;
    private State _state = State.Head;
    private long _remaining;
    private bool _digitsEnded;
    private bool _lineHasContent;

    public bool IsDone => _state == State.Done;

    /// <summary>The body runs until the emulator closes the connection.</summary>
    public bool IsCloseDelimited => _state == State.UntilClose;

    /// <summary>Ready for the next response on the same connection.</summary>
    public void Reset()
    {
        _headLength = 0;
        _state = State.Head;
        _remaining = 0;
        _digitsEnded = false;
        _lineHasContent = false;
        MustClose = false;
    }

    /// <summary>The connection cannot carry another request: <c>Connection: close</c> or a close-delimited body.</summary>
    public bool MustClose { get; private set; }

    /// <summary>Tells how many bytes of <paramref name="data"/> belong to this response (all of them, normally).</summary>
    /// <returns>The count consumed, or -1 when the response head is malformed or too large.</returns>
    public int Advance(ReadOnlySpan<byte> data)
    {
        var used = 0;
        while (used < data.Length && _state != State.Done)
        {
            var rest = data[used..];
            switch (_state)
            {
                case State.Head:
                    {
                        // Heads are small: collect them until the blank line, then read them whole.
                        var take = Math.Min(rest.Length, _head.Length - _headLength);
                        rest[..take].CopyTo(_head.AsSpan(_headLength));
                        var end = _head.AsSpan(0, _headLength + take).IndexOf("\r\n\r\n"u8);
                        if (end < 0)
                        {
                            if (_headLength + take == _head.Length)
                            {
                                return -1;
                            }

                            _headLength += take;
                            used += take;
                            break;
                        }

                        var headEnd = end + 4;
                        used += headEnd - _headLength;
                        if (!ReadHead(_head.AsSpan(0, headEnd)))
                        {
                            return -1;
                        }

                        _headLength = 0;
                        break;
                    }

                case State.Fixed or State.ChunkData or State.ChunkDataEnd:
                    {
                        var take = (int)Math.Min(rest.Length, _remaining);
                        _remaining -= take;
                        used += take;
                        if (_remaining == 0)
                        {
                            (_state, _remaining) = _state switch
                            {
                                State.ChunkData => (State.ChunkDataEnd, 2L),
                                State.ChunkDataEnd => (State.ChunkSize, 0L),
                                _ => (State.Done, 0L),
                            };
                        }

                        break;
                    }

                case State.ChunkSize or State.Trailer:
                    {
                        // Chunk-size lines (maybe with extensions) and trailer lines: only the size and the ends matter.
                        var lf = rest.IndexOf((byte)'\n');
                        ReadLine(lf < 0 ? rest : rest[..lf]);
                        used += lf < 0 ? rest.Length : lf + 1;
                        if (lf >= 0)
                        {
                            _state = _state == State.Trailer
                                ? (_lineHasContent ? State.Trailer : State.Done)
                                : (_remaining == 0 ? State.Trailer : State.ChunkData);
                            _digitsEnded = false;
                            _lineHasContent = false;
                        }

                        break;
                    }

                case State.UntilClose:
                    return data.Length;
            }
        }

        return used;
    }

    private void ReadLine(ReadOnlySpan<byte> part)
    {
        foreach (var b in part)
        {
            if (b == (byte)'\r')
            {
                _digitsEnded = true;
                continue;
            }

            _lineHasContent = true;
            if (_state == State.ChunkSize && !_digitsEnded && HexValue(b) is var digit and >= 0)
            {
                _remaining = checked((_remaining * 16) + digit);
            }
            else
            {
                // ';' starts chunk extensions: the size has ended.
                _digitsEnded = true;
            }
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private bool ReadHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            return false;
        }

        var http10 = head[7] == (byte)'0';
        if (status is >= 100 and < 200)
        {
            // 100 Continue and friends: forwarded as they are; the real response follows.
            return true;
        }

        long contentLength = -1;
        bool chunked = false, close = http10, keepAlive = false;
        var rest = head[(head.IndexOf("\r\n"u8) + 2)..];
        while (rest.Length > 2)
        {
            var eol = rest.IndexOf("\r\n"u8);
            var line = rest[..eol];
            rest = rest[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (System.Text.Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out var used) || used != value.Length || contentLength < 0)
                {
                    return false;
                }
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.EndsWith("chunked"u8);
                if (!chunked)
                {
                    return false;
                }
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                close |= value.IndexOf("close"u8) >= 0;
                keepAlive |= value.IndexOf("keep-alive"u8) >= 0;
            }
        }

        MustClose = close && !(http10 && keepAlive && !chunked && contentLength >= 0);
        if (status is 204 or 304)
        {
            _state = State.Done;
        }
        else if (chunked)
        {
            _state = State.ChunkSize;
            _remaining = 0;
        }
        else if (contentLength >= 0)
        {
            _remaining = contentLength;
            _state = contentLength == 0 ? State.Done : State.Fixed;
        }
        else
        {
            _state = State.UntilClose;
            MustClose = true;
        }

        return true;
    }
}
