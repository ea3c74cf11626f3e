using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.Events;

/// <summary>A REST API (v1) Lambda proxy request; mirrors <c>Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest</c>.</summary>
public sealed class APIGatewayProxyRequest
{
    /// <summary>The resource template, e.g. <c>/orders/{orderId}</c>.</summary>
    [JsonPropertyName("resource")]
    public string? Resource { get; set; }

    /// <summary>The request path, e.g. <c>/orders/01J...</c>.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }

    /// <summary>The HTTP method.</summary>
    [JsonPropertyName("httpMethod")]
    public string? HttpMethod { get; set; }

    /// <summary>Single-value headers (the last value wins).</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>All header values.</summary>
    [JsonPropertyName("multiValueHeaders")]
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>Single-value query string parameters.</summary>
    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>All query string values.</summary>
    [JsonPropertyName("multiValueQueryStringParameters")]
    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    /// <summary>Path parameters matched by the resource template.</summary>
    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>Stage variables.</summary>
    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>What API Gateway knows about the request.</summary>
    [JsonPropertyName("requestContext")]
    public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body, base64 when <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }

    /// <summary>The request context; mirrors <c>APIGatewayProxyRequest.ProxyRequestContext</c>.</summary>
    public sealed class ProxyRequestContext
    {
        /// <summary>API Gateway's id of this request.</summary>
        [JsonPropertyName("requestId")]
        public string? RequestId { get; set; }

        /// <summary>The extended request id.</summary>
        [JsonPropertyName("extendedRequestId")]
        public string? ExtendedRequestId { get; set; }

        /// <summary>The account that owns the API.</summary>
        [JsonPropertyName("accountId")]
        public string? AccountId { get; set; }

        /// <summary>The API id.</summary>
        [JsonPropertyName("apiId")]
        public string? ApiId { get; set; }

        /// <summary>The stage name.</summary>
        [JsonPropertyName("stage")]
        public string? Stage { get; set; }

        /// <summary>The resource id.</summary>
        [JsonPropertyName("resourceId")]
        public string? ResourceId { get; set; }

        /// <summary>The resource template.</summary>
        [JsonPropertyName("resourcePath")]
        public string? ResourcePath { get; set; }

        /// <summary>The HTTP method.</summary>
        [JsonPropertyName("httpMethod")]
        public string? HttpMethod { get; set; }

        /// <summary>The full path including the stage.</summary>
        [JsonPropertyName("path")]
        public string? Path { get; set; }

        /// <summary>The request time in CLF format.</summary>
        [JsonPropertyName("requestTime")]
        public string? RequestTime { get; set; }

        /// <summary>The request time in epoch milliseconds.</summary>
        [JsonPropertyName("requestTimeEpoch")]
        public long RequestTimeEpoch { get; set; }

        /// <summary>The caller's identity.</summary>
        [JsonPropertyName("identity")]
        public RequestIdentity? Identity { get; set; }
    }

    /// <summary>The caller's identity; mirrors <c>APIGatewayProxyRequest.RequestIdentity</c> (the fields we use).</summary>
    public sealed class RequestIdentity
    {
        /// <summary>The caller's source IP.</summary>
        [JsonPropertyName("sourceIp")]
        public string? SourceIp { get; set; }

        /// <summary>The caller's user agent.</summary>
        [JsonPropertyName("userAgent")]
        public string? UserAgent { get; set; }

        /// <summary>The API key used, when the method requires one.</summary>
        [JsonPropertyName("apiKey")]
        public string? ApiKey { get; set; }

        /// <summary>The API key id.</summary>
        [JsonPropertyName("apiKeyId")]
        public string? ApiKeyId { get; set; }
    }
}

/// <summary>A REST API (v1) Lambda proxy response; mirrors <c>Amazon.Lambda.APIGatewayEvents.APIGatewayProxyResponse</c>.</summary>
public sealed class APIGatewayProxyResponse
{
    /// <summary>The HTTP status code.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    /// <summary>Single-value response headers.</summary>
    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Multi-value response headers.</summary>
    [JsonPropertyName("multiValueHeaders")]
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>The body, base64 when <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}
