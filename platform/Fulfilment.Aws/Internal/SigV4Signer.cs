using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Fulfilment.Aws.Internal;

/// <summary>Signs a JSON-protocol POST with Signature Version 4, using AWSSDK.Core's signing primitives.</summary>
internal static class SigV4Signer
{
    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, string region, string service, DateTime utcNow)
    {
        var uri = request.RequestUri!;
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = ToHex(AWS4Signer.ComputeHash(body));
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-date"] = amzDate,
            ["x-amz-content-sha256"] = payloadHash,
            ["content-type"] = request.Content!.Headers.ContentType!.ToString(),
        };
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            headers["x-amz-target"] = string.Join(',', targets);
        }

        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var (name, value) in headers)
        {
            canonicalHeaders.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var path = string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath;
        var canonicalRequest = $"POST\n{path}\n{uri.Query.TrimStart('?')}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

        var result = AWS4Signer.ComputeSignature(credentials, region, utcNow, service, signedHeaders, canonicalRequest);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    private static string ToHex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
