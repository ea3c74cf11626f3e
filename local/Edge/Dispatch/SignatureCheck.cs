using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>
/// Accepts any SigV4 signature (the edge is local and has no secrets) but rejects requests that are unsigned or whose
/// <c>Authorization</c> header is malformed, with the errors AWS answers.
/// </summary>
internal static class SignatureCheck
{
    public static (string Type, string Message)? Validate(HttpRequest request) =>
        Validate(
            request.Headers.Authorization.ToString(),
            request.Headers.ContainsKey("X-Amz-Date") || request.Headers.ContainsKey("Date"),
            request.Query.ContainsKey("X-Amz-Signature"));

    /// <summary>The same check on the raw header values (the relay has no <see cref="HttpRequest"/>).</summary>
    public static (string Type, string Message)? Validate(string? authorization, bool hasDate, bool presigned)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return presigned ? null : ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (!authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", $"Authorization header requires the AWS4-HMAC-SHA256 algorithm. Authorization={authorization.Split(' ')[0]}");
        }

        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var required in new[] { "Credential=", "SignedHeaders=", "Signature=" })
        {
            var part = parts.FirstOrDefault(p => p.StartsWith(required, StringComparison.Ordinal));
            if (part is null || part.Length == required.Length)
            {
                return ("IncompleteSignatureException", $"Authorization header requires '{required.TrimEnd('=')}' parameter. Authorization={authorization}");
            }
        }

        var credential = parts.First(p => p.StartsWith("Credential=", StringComparison.Ordinal))["Credential=".Length..].Split('/');
        if (credential.Length != 5 || credential[4] != "aws4_request" || credential[1].Length != 8)
        {
            return ("IncompleteSignatureException", "Credential should be scoped to a valid region, not ... Credential must be <access key>/<date>/<region>/<service>/aws4_request.");
        }

        if (!hasDate)
        {
            return ("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        return null;
    }
}
