using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>Writes errors in the AWS JSON-protocol shape (<c>__type</c>, <c>message</c>) so SDKs raise their typed exceptions.</summary>
internal static class AwsErrorResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string type, string message, string? queryError = null, string? extraJson = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/x-amz-json-1.0";
        response.Headers["x-amzn-ErrorType"] = type;
        if (queryError is not null)
        {
            // SQS' JSON protocol carries the legacy query error code too; the SDKs map it to the modelled exception.
            response.Headers["x-amzn-query-error"] = queryError;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", type);
            writer.WriteString("message", message);
            if (extraJson is not null)
            {
                using var extra = JsonDocument.Parse(extraJson);
                foreach (var property in extra.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    public static Task WriteJsonAsync(HttpContext context, byte[] json, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = json.Length;
        return context.Response.Body.WriteAsync(json, context.RequestAborted).AsTask();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
