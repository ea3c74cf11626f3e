using System.Text.Json;
using Fulfilment.Lambda;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>Reading what a runtime posts and answering it as the Runtime API does.</summary>
internal static class RuntimeApiBodies
{
    /// <summary>Lambda's synchronous response limit (6 MB).</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    /// <summary>The request body, or null when it is over <see cref="MaxPayloadBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxPayloadBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.Length > MaxPayloadBytes ? null : buffer.ToArray();
    }

    /// <summary>The posted error; as in Lambda, the <c>Lambda-Runtime-Function-Error-Type</c> header wins over the body.</summary>
    public static LambdaError ParseError(byte[] body, string? errorTypeHeader)
    {
        string? errorType = null;
        var message = string.Empty;
        var stack = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                errorType = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                message = root.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
                if (root.TryGetProperty("stackTrace", out var s) && s.ValueKind == JsonValueKind.Array)
                {
                    stack.AddRange(s.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!));
                }
            }
        }
        catch (JsonException)
        {
            message = System.Text.Encoding.UTF8.GetString(body);
        }

        var type = !string.IsNullOrEmpty(errorTypeHeader) ? errorTypeHeader : errorType;
        return new LambdaError(string.IsNullOrEmpty(type) ? LocalLambdaErrors.Unknown : type, message, stack);
    }

    public static async Task WriteErrorAsync(HttpContext http, int status, string errorType, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var json = JsonSerializer.Serialize(new LambdaError(errorType, message, []), LocalLambdaJsonContext.Default.LambdaError);
        await http.Response.WriteAsync(json, http.RequestAborted);
    }
}
