using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// Name resolution for a test run without DNS, applied the same way to our client (a <see cref="SocketsHttpHandler"/>
/// <c>ConnectCallback</c>) and to the JavaScript SDK (an agent's <c>createConnection</c>): the public AWS names
/// (<c>*.us-east-1.amazonaws.com:443</c>) reach the TLS capture server, the custom endpoint name <see cref="CustomHost"/>
/// with or without a host prefix reaches the plain one, an IP address is itself, and any other name fails as an
/// unknown name would. Each client still sends the Host header and TLS server name of the URL it built.
/// </summary>
public sealed class LoopbackRoutes(int plainPort, int tlsPort, X509Certificate2 certificate)
{
    /// <summary>The custom endpoint's host (RFC 2606 <c>.test</c>: never a real name).</summary>
    public const string CustomHost = "aws.parity.test";

    /// <summary>The region every call signs for; the public endpoints are named after it.</summary>
    public const string Region = "us-east-1";

    private const string PublicSuffix = "." + Region + ".amazonaws.com";

    public int PlainPort => plainPort;

    public int TlsPort => tlsPort;

    /// <summary>The TLS capture server's certificate (<c>*.us-east-1.amazonaws.com</c>), the only one both clients trust.</summary>
    public X509Certificate2 Certificate => certificate;

    /// <summary>A self-signed certificate for the public names of the region, made fresh for each run.</summary>
    public static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=*" + PublicSuffix, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("*" + PublicSuffix);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Where a connection to <paramref name="host"/>:<paramref name="port"/> goes, or null for a name nothing serves.</summary>
    public IPEndPoint? Resolve(string host, int port)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, port);
        }

        if (host.EndsWith(PublicSuffix, StringComparison.OrdinalIgnoreCase) && port == 443)
        {
            return new IPEndPoint(IPAddress.Loopback, TlsPort);
        }

        return (host.Equals(CustomHost, StringComparison.OrdinalIgnoreCase) || host.EndsWith("-" + CustomHost, StringComparison.OrdinalIgnoreCase)) && port == PlainPort
            ? new IPEndPoint(IPAddress.Loopback, PlainPort)
            : null;
    }

    /// <summary>An HttpClient for our client that connects by these routes and records each <c>host:port</c> it was asked for.</summary>
    public HttpClient CreateHttpClient(ConcurrentQueue<string> connects)
    {
        ArgumentNullException.ThrowIfNull(connects);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
                connects.Enqueue($"{host}:{port}");
                var target = Resolve(host, port) ?? throw new HttpRequestException($"No such host is known: {host} (not routed by the test).");
                var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(target, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions =
            {
                // Trust exactly the capture server's certificate; the host name is still checked against it.
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { Certificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
