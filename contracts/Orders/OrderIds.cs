using System.Security.Cryptography;

namespace Fulfilment.Contracts.Orders;

/// <summary>
/// ULID order ids (26 characters of Crockford base32: 48-bit millisecond time, 80 random bits).
/// They sort by creation time, which makes listings and execution names readable.
/// </summary>
public static class OrderIds
{
    /// <summary>Length of every order id.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new ULID for the given time (default: now).</summary>
    public static string New(TimeProvider? clock = null)
    {
        var millis = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return Encode(millis, random);
    }

    /// <summary>
    /// The order id API Gateway's request mapping template derives for a request (cdk/Api/templates/order-id.vtl): the
    /// 48-bit time is <paramref name="requestTimeEpoch"/> (ms), the 80 other bits are the last 20 hex digits of the
    /// request id, a UUID. The local API uses it too, so that both hand out the same id for the same request context.
    /// </summary>
    public static string FromRequest(long requestTimeEpoch, string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        var hex = requestId.Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw new FormatException($"'{requestId}' is not a lower-case UUID (API Gateway's request ids are).");
        }

        return Encode(requestTimeEpoch, Convert.FromHexString(hex[12..]));
    }

    /// <summary>True when <paramref name="value"/> is a canonical (upper-case) ULID.</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length || value[0] > '7')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The creation time encoded in a valid ULID.</summary>
    public static DateTimeOffset TimestampOf(string orderId)
    {
        if (!IsValid(orderId))
        {
            throw new FormatException($"'{orderId}' is not a ULID order id.");
        }

        long millis = 0;
        for (var i = 0; i < 10; i++)
        {
            millis = (millis << 5) | (long)Alphabet.IndexOf(orderId[i], StringComparison.Ordinal);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(millis);
    }

    internal static string Encode(long millis, ReadOnlySpan<byte> random)
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        // 80 random bits → 16 characters of 5 bits each.
        var bitBuffer = 0UL;
        var bits = 0;
        var index = 10;
        foreach (var b in random)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(int)((bitBuffer >> bits) & 31)];
            }
        }

        return new string(chars);
    }
}
