using System.Text.Json;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;

namespace Fulfilment.Contracts.Http;

/// <summary>
/// One error answer of the orders API. API Gateway sends it as a gateway response or an integration response (the CDK
/// app builds those from it) and the local API sends the same document, so a client sees one body for one error.
/// A null <see cref="Status"/> leaves the member out: the default 4XX/5XX responses keep API Gateway's own code.
/// </summary>
public sealed record ProblemDefinition(int? Status, string Slug, string Title, string Detail)
{
    /// <summary>
    /// The problem document text with <paramref name="instance"/> (API Gateway: <c>$context.path</c>); the local API
    /// may add <paramref name="errors"/>, which API Gateway cannot (it has no safe way to embed its validation errors).
    /// </summary>
    public string ToJson(string instance, IReadOnlyList<ValidationProblem>? errors = null)
    {
        var problem = JsonSerializer.SerializeToNode(Problem.Of(Status ?? 0, Slug, Title, Detail, instance, errors), ContractsJsonContext.Default.Problem)!.AsObject();
        if (Status is null)
        {
            problem.Remove("status");
        }

        return problem.ToJsonString();
    }
}

/// <summary>Every error answer of POST /orders and GET /orders/{orderId} that the API itself gives (not the status function).</summary>
public static class OrdersApiProblems
{
    /// <summary>API Gateway's payload limit for REST APIs (10 MB, taken as MiB): above it the request is refused (413).</summary>
    public const int MaxRequestBodyBytes = 10 * 1024 * 1024;

    /// <summary>The body does not match the request model (API Gateway: BAD_REQUEST_BODY).</summary>
    public static ProblemDefinition InvalidOrder { get; } = new(400, "invalid-order", "The order is not valid.", "The body does not match CreateOrderRequest (contracts/schemas/CreateOrderRequest.json).");

    /// <summary>The required Idempotency-Key header is missing or blank (BAD_REQUEST_PARAMETERS).</summary>
    public static ProblemDefinition MissingIdempotencyKey { get; } = new(400, "missing-idempotency-key", "Idempotency-Key header required.", $"Send a unique Idempotency-Key (1-{OrderLimits.MaxIdempotencyKeyLength} printable ASCII characters) per order; resend the same key to retry safely.");

    /// <summary>No API key, or one no usage plan knows (INVALID_API_KEY: API Gateway does not tell the two apart).</summary>
    public static ProblemDefinition InvalidApiKey { get; } = new(403, "invalid-api-key", "API key not accepted.", "Send a known API key in the x-api-key header.");

    /// <summary>The key's usage plan allows no more requests now (THROTTLED).</summary>
    public static ProblemDefinition Throttled { get; } = new(429, "throttled", "Too many requests.", "This API key's usage plan allows no more requests right now; retry later.");

    /// <summary>The key's daily quota is used up (QUOTA_EXCEEDED).</summary>
    public static ProblemDefinition QuotaExceeded { get; } = new(429, "throttled", "Too many requests.", "This API key's daily quota is used up.");

    /// <summary>The request is larger than API Gateway accepts (REQUEST_TOO_LARGE).</summary>
    public static ProblemDefinition BodyTooLarge { get; } = new(413, "body-too-large", "The body is too large.", $"A request body is at most {MaxRequestBodyBytes / (1024 * 1024)} MB; an order never needs that much.");

    /// <summary>The body is not JSON (UNSUPPORTED_MEDIA_TYPE: no mapping template for its content type).</summary>
    public static ProblemDefinition UnsupportedMediaType { get; } = new(415, "unsupported-media-type", "The body must be JSON.", "Send application/json (UTF-8).");

    /// <summary>Any other refusal, e.g. an unknown route (DEFAULT_4XX; API Gateway answers 403 for those).</summary>
    public static ProblemDefinition Refused { get; } = new(null, "error", "The request was refused.", "API Gateway refused the request.");

    /// <summary>Any other failure of API Gateway itself (DEFAULT_5XX).</summary>
    public static ProblemDefinition InternalError { get; } = new(null, "error", "Internal error.", "API Gateway could not complete the request; retry later.");

    /// <summary>SQS did not take the message (integration response for any 4xx/5xx of SendMessage).</summary>
    public static ProblemDefinition QueueUnavailable { get; } = new(503, "queue-unavailable", "The order could not be queued.", "Retry with the same Idempotency-Key.");
}
