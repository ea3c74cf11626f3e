using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Api;

/// <summary>
/// A response written as API Gateway writes it: the status, the exact <c>Content-Type</c> of the method or gateway
/// response (no charset parameter added) and the body bytes.
/// </summary>
internal sealed class GatewayResult(int statusCode, string contentType, string body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => statusCode;

    public string? ContentType => contentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var bytes = Encoding.UTF8.GetBytes(body);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = bytes.Length;
        await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
