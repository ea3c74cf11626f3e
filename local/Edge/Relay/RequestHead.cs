using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>
/// The few facts of an HTTP/1.1 request head the relay decides on. Everything else in the head is forwarded as bytes,
/// never parsed into a dictionary.
/// </summary>
internal sealed record RequestHead
{
    /// <summary>Bytes of the request line and header lines, including the blank line that ends them.</summary>
    public int Length { get; init; }

    public bool IsPost { get; init; }

    public bool IsHttp11 { get; init; }

    public string? Target { get; init; }

    public string? Authorization { get; init; }

    /// <summary>The <c>Host</c> header as sent (<c>name[:port]</c>); null when there is none.</summary>
    public string? Host { get; init; }

    public bool HasDate { get; init; }

    /// <summary>The body's length; 0 when the head names none (and no <c>Transfer-Encoding</c>).</summary>
    public long ContentLength { get; init; }

    /// <summary><c>Transfer-Encoding</c>, <c>Upgrade</c>, or a framing the relay does not track: only Kestrel may read this connection on.</summary>
    public bool UnknownFraming { get; init; }

    /// <summary><c>Expect</c> or <c>Connection: close</c>: valid, but left to Kestrel, which implements them.</summary>
    public bool NeedsKestrel { get; init; }
}

/// <summary>Parses a request head out of the connection's buffered bytes.</summary>
internal static class RequestHeadParser
{
    /// <summary>Heads larger than this are left to Kestrel (which answers 431 above its own limit).</summary>
    public const int MaxHeadLength = 32 * 1024;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    public enum Outcome
    {
        Incomplete,
        Parsed,

        /// <summary>Not a head the relay understands: hand the connection to Kestrel, which answers it properly.</summary>
        Unsupported,
    }

    public static Outcome TryParse(ReadOnlySequence<byte> buffer, out RequestHead? head)
    {
        head = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> lines, EndOfHead, advancePastDelimiter: true))
        {
            return buffer.Length > MaxHeadLength ? Outcome.Unsupported : Outcome.Incomplete;
        }

        var length = (int)reader.Consumed;
        if (length > MaxHeadLength)
        {
            return Outcome.Unsupported;
        }

        if (lines.IsSingleSegment)
        {
            return Parse(lines.FirstSpan, length, out head);
        }

        var copy = ArrayPool<byte>.Shared.Rent((int)lines.Length);
        try
        {
            lines.CopyTo(copy);
            return Parse(copy.AsSpan(0, (int)lines.Length), length, out head);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static Outcome Parse(ReadOnlySpan<byte> lines, int length, out RequestHead? head)
    {
        head = null;
        var eol = lines.IndexOf("\r\n"u8);
        var requestLine = eol < 0 ? lines : lines[..eol];
        var rest = eol < 0 ? [] : lines[(eol + 2)..];
        var space = requestLine.IndexOf((byte)' ');
        if (space <= 0)
        {
            return Outcome.Unsupported;
        }

        string? target = null, authorization = null, host = null;
        bool hasDate = false, unknownFraming = false, needsKestrel = false;
        long contentLength = -1;
        while (!rest.IsEmpty)
        {
            eol = rest.IndexOf("\r\n"u8);
            var line = eol < 0 ? rest : rest[..eol];
            rest = eol < 0 ? [] : rest[(eol + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[colon - 1] is (byte)' ' or (byte)'\t')
            {
                // Folded or malformed header lines: Kestrel rejects them with the right status.
                return Outcome.Unsupported;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (contentLength >= 0 || !Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length || parsed < 0)
                {
                    return Outcome.Unsupported;
                }

                contentLength = parsed;
            }
            else if (Ascii.EqualsIgnoreCase(name, "x-amz-target"u8))
            {
                target = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "authorization"u8))
            {
                authorization = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "host"u8))
            {
                if (host is not null)
                {
                    // Two Host headers: Kestrel answers 400, and no emulator may pick the one we did not check.
                    return Outcome.Unsupported;
                }

                host = Encoding.ASCII.GetString(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "x-amz-date"u8) || Ascii.EqualsIgnoreCase(name, "date"u8))
            {
                hasDate = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8) || Ascii.EqualsIgnoreCase(name, "upgrade"u8))
            {
                unknownFraming = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "expect"u8)
                || (Ascii.EqualsIgnoreCase(name, "connection"u8) && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8)))
            {
                needsKestrel = true;
            }
        }

        head = new RequestHead
        {
            Length = length,
            IsPost = requestLine[..space].SequenceEqual("POST"u8),
            IsHttp11 = requestLine.EndsWith(" HTTP/1.1"u8),
            Target = target,
            Authorization = authorization,
            Host = host,
            HasDate = hasDate,
            ContentLength = Math.Max(0, contentLength),
            UnknownFraming = unknownFraming,
            NeedsKestrel = needsKestrel,
        };
        return Outcome.Parsed;
    }
}
