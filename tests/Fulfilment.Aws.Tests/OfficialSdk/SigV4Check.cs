using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// Recomputes a captured request's Signature Version 4 from the specification alone (IAM User Guide, "Create a signed AWS
/// API request": https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), sharing no code with the
/// signer under test, and lists every way the request falls short.
/// </summary>
public static partial class SigV4Check
{
    /// <summary>The problems found; empty when the signature verifies with <paramref name="secretAccessKey"/>.</summary>
    public static IReadOnlyList<string> Problems(CapturedRequest request, string secretAccessKey, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Header("Authorization");
        var match = authorization is null ? null : AuthorizationPattern().Match(authorization);
        if (match is not { Success: true })
        {
            return [$"Authorization is not AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…: '{authorization}'"];
        }

        var problems = new List<string>();
        var (date, scopeRegion, scopeService) = (match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        var amzDate = request.Header("X-Amz-Date") ?? "";
        if (!amzDate.StartsWith(date, StringComparison.Ordinal) || amzDate.Length != 16)
        {
            problems.Add($"X-Amz-Date '{amzDate}' does not fit the credential scope date {date}");
        }

        if ((scopeRegion, scopeService) != (region, service))
        {
            problems.Add($"credential scope {scopeRegion}/{scopeService}, expected {region}/{service}");
        }

        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h.Any(char.IsUpper)))
        {
            problems.Add($"SignedHeaders '{match.Groups["signed"].Value}' are not lowercase and sorted");
        }

        // The specification: host and every x-amz-* header the request carries must be signed.
        var mustSign = request.Headers.Select(h => h.Key.ToLowerInvariant())
            .Where(h => h == "host" || h.StartsWith("x-amz-", StringComparison.Ordinal))
            .Distinct();
        problems.AddRange(mustSign.Except(signedHeaders).Select(h => $"header {h} is sent but not signed"));

        var payloadHash = Hex(SHA256.HashData(request.Body));
        if (request.Header("X-Amz-Content-SHA256") is { } declared && declared != payloadHash)
        {
            problems.Add($"X-Amz-Content-SHA256 {declared} is not the SHA-256 of the body ({payloadHash})");
        }

        var canonicalRequest = CanonicalRequest(request, signedHeaders, payloadHash, problems);
        var scope = $"{date}/{scopeRegion}/{scopeService}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(Hmac(Hmac(key, scopeRegion), scopeService), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (expected != match.Groups["signature"].Value)
        {
            problems.Add($"signature {match.Groups["signature"].Value} does not verify (expected {expected}); canonical request:\n{canonicalRequest}");
        }

        return problems;
    }

    private static string CanonicalRequest(CapturedRequest request, string[] signedHeaders, string payloadHash, List<string> problems)
    {
        var question = request.Path.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? request.Path : request.Path[..question];
        var query = question < 0 ? "" : request.Path[(question + 1)..];

        // Services other than S3 encode each path segment once more for the canonical URI.
        var canonicalPath = string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.EscapeDataString(Uri.UnescapeDataString(segment)))));
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(pair[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

        var headers = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => Spaces().Replace(h.Value.Trim(), " ")).ToList();
            if (values.Count == 0)
            {
                problems.Add($"signed header {name} is not in the request");
            }

            headers.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        return $"{request.Method}\n{canonicalPath}\n{canonicalQuery}\n{headers}\n{string.Join(';', signedHeaders)}\n{payloadHash}";
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
