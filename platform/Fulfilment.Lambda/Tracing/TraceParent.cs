using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// A W3C Trace Context <c>traceparent</c> (version 00): the trace id, the id of the calling span and the sampled flag.
/// Parsing follows the Trace Context Level 1 rules; anything invalid is rejected so the caller starts a new trace.
/// </summary>
public readonly record struct TraceParent(ActivityTraceId TraceId, ActivitySpanId ParentId, ActivityTraceFlags Flags)
{
    /// <summary>The header, SQS message attribute and JSON field name that carries it.</summary>
    public const string Name = "traceparent";

    private const int Version00Length = 55;

    /// <summary>Whether the caller recorded its span (the <c>sampled</c> flag).</summary>
    public bool IsSampled => (Flags & ActivityTraceFlags.Recorded) != 0;

    /// <summary>
    /// Parses <paramref name="value"/>. Valid: <c>vv-{32 lowercase hex}-{16 lowercase hex}-{2 hex}</c>, version not <c>ff</c>,
    /// ids not all zeros, exactly 55 characters for version 00; a later version may append <c>-...</c>, which is ignored.
    /// </summary>
    public static bool TryParse(string? value, out TraceParent traceParent)
    {
        traceParent = default;
        if (value is null)
        {
            return false;
        }

        var text = value.AsSpan().Trim(" \t");
        if (text.Length < Version00Length || !IsLowerHex(text[..2]) || text[..2] is "ff")
        {
            return false;
        }

        if (text[..2] is "00" ? text.Length != Version00Length : text.Length > Version00Length && text[Version00Length] != '-')
        {
            return false;
        }

        if (text[2] != '-' || text[35] != '-' || text[52] != '-')
        {
            return false;
        }

        var traceId = text[3..35];
        var parentId = text[36..52];
        var flags = text[53..55];
        if (!IsLowerHex(traceId) || !IsLowerHex(parentId) || !IsLowerHex(flags) || IsAllZeros(traceId) || IsAllZeros(parentId))
        {
            return false;
        }

        // Only the sampled bit is defined; unknown flags are ignored and never passed on.
        var sampled = (Convert.ToByte(flags.ToString(), 16) & 1) == 1;
        traceParent = new TraceParent(
            ActivityTraceId.CreateFromString(traceId),
            ActivitySpanId.CreateFromString(parentId),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None);
        return true;
    }

    /// <summary>The traceparent that makes a span a child of <paramref name="activity"/>.</summary>
    public static TraceParent Of(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new TraceParent(activity.TraceId, activity.SpanId, activity.ActivityTraceFlags & ActivityTraceFlags.Recorded);
    }

    /// <summary>
    /// The context of an order that arrived without one (a message sent by hand, an execution started by hand):
    /// derived from the order id, so every hop of that order, and every redelivery, lands in the same trace and the
    /// execution input stays byte-identical. Marked sampled: this is where the trace starts.
    /// </summary>
    public static TraceParent ForOrder(string orderId)
    {
        ArgumentException.ThrowIfNullOrEmpty(orderId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("fulfilment-trace:" + orderId), hash);
        hash[0] |= 1; // never all zeros (an invalid trace id), whatever the hash
        hash[16] |= 1;
        return new TraceParent(ActivityTraceId.CreateFromBytes(hash[..16]), ActivitySpanId.CreateFromBytes(hash[16..24]), ActivityTraceFlags.Recorded);
    }

    /// <summary>The parent context for <see cref="ActivitySource.StartActivity(string, ActivityKind, ActivityContext, IEnumerable{KeyValuePair{string, object?}}?, IEnumerable{ActivityLink}?, DateTimeOffset)"/>.</summary>
    public ActivityContext ToContext() => new(TraceId, ParentId, Flags, traceState: null, isRemote: true);

    /// <summary>The header value, always version 00: <c>00-{traceId}-{parentId}-{flags}</c>.</summary>
    public override string ToString() => $"00-{TraceId.ToHexString()}-{ParentId.ToHexString()}-{(IsSampled ? "01" : "00")}";

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9') and not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZeros(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
