using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Fulfilment.Local.Loopback;
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

    /// <summary>
    /// The Host refusal in the protocol of the request: the query protocol's XML <c>ErrorResponse</c> for a form-encoded
    /// call without <c>X-Amz-Target</c> (SQS' older protocol), else the JSON shape, with the query error code for SQS.
    /// </summary>
    public static async Task WriteMisdirectedAsync(HttpContext context, string message)
    {
        const string Code = "MisdirectedRequest";
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0 && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
            var xml = new XElement("ErrorResponse",
                new XElement("Error", new XElement("Type", "Sender"), new XElement("Code", Code), new XElement("Message", message)),
                new XElement("RequestId", requestId));
            context.Response.StatusCode = LoopbackHost.RefusedStatus;
            context.Response.ContentType = "text/xml";
            await context.Response.Body.WriteAsync(Utf8(xml.ToString(SaveOptions.DisableFormatting)), context.RequestAborted);
            return;
        }

        var sqs = target.StartsWith("AmazonSQS.", StringComparison.Ordinal);
        await WriteAsync(context, LoopbackHost.RefusedStatus, sqs ? "com.amazonaws.sqs#" + Code : Code + "Exception", message, sqs ? Code + ";Sender" : null);
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
