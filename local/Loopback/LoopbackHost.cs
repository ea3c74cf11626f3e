using System.Net;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Loopback;

/// <summary>
/// Whether a request's <c>Host</c> names this machine by a loopback name or address: <c>localhost</c>, a name under
/// <c>.localhost</c>, any 127.0.0.0/8 address or <c>[::1]</c>, with or without a port.
/// </summary>
/// <remarks>
/// DNS rebinding: a web page on <c>attacker.example</c> points that name at 127.0.0.1 and then calls it from the browser,
/// which sends <c>Host: attacker.example</c>. The local surfaces check no signatures, so the Host is what tells such a
/// request from the SDKs and the CLI, which send the endpoint's own host. Names under <c>.localhost</c> are accepted
/// because RFC 6761 reserves them for loopback and browsers resolve them to loopback without asking DNS, so no page
/// can rebind them. A request without a Host (HTTP/1.0) is refused: every browser and SDK sends one.
/// </remarks>
public static class LoopbackHost
{
    /// <summary>
    /// 421 Misdirected Request (RFC 9110 section 15.5.20): this server will not answer for the name the request was
    /// addressed to. Not 403: no credentials would make it succeed, only the right URL.
    /// </summary>
    public const int RefusedStatus = StatusCodes.Status421MisdirectedRequest;

    /// <summary>True when <paramref name="host"/> (as <see cref="HttpRequest.Host"/> parses it) is a loopback name or address.</summary>
    public static bool IsLoopback(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host;
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }

        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }

        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>True when a raw <c>Host</c> header value (<c>name[:port]</c>) is a loopback name or address.</summary>
    public static bool IsLoopback(string? hostHeader) => IsLoopback(new HostString(hostHeader ?? string.Empty));

    /// <summary>The message every surface gives when it refuses a request for its Host.</summary>
    public static string RefusalMessage(HostString host) =>
        $"This local endpoint answers only requests addressed to a loopback name or address (127.0.0.1, [::1], localhost), " +
        $"not to '{(host.HasValue ? host.Value : "(no Host header)")}': a web page could otherwise reach it by pointing its own name at 127.0.0.1. " +
        "Use http://127.0.0.1:PORT or http://localhost:PORT.";
}
