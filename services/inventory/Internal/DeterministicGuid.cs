using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Fulfilment.Inventory.Internal;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same order and step always give the same ClientRequestToken.</summary>
internal static class DeterministicGuid
{
    // A fixed namespace for Fulfilment inventory tokens; changing it would change every token.
    private static readonly Guid Namespace = new("6f1c2a47-3b8e-5d0a-9c41-2e7f5b9d8a13");

    /// <summary>The 36-character token for <paramref name="orderId"/> and <paramref name="step"/> (DynamoDB allows at most 36).</summary>
    public static string Token(string orderId, string step) => Create($"{step}:{orderId}").ToString("D");

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "RFC 9562 defines version-5 UUIDs with SHA-1; this is an identifier, not a security control.")]
    public static Guid Create(string name)
    {
        var namespaceBytes = Namespace.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[namespaceBytes.Length + nameBytes.Length];
        namespaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, namespaceBytes.Length);
        var hash = SHA1.HashData(input);
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
