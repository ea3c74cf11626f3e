using System.Text.Json;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Api;

/// <summary>Every error of the API as an <c>application/problem+json</c> result with a stable type URI.</summary>
internal static class Problems
{
    public static IResult MissingApiKey(HttpContext http) => Write(http, Problem.Of(401, "missing-api-key", "API key required.", "Send your API key in the x-api-key header."));

    public static IResult InvalidApiKey(HttpContext http) => Write(http, Problem.Of(403, "invalid-api-key", "API key not accepted.", "The x-api-key header does not name a known API key."));

    public static IResult Throttled(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Write(http, Problem.Of(429, "throttled", "Too many requests.", $"This API key's usage plan allows no more requests right now; retry after {seconds} s."));
    }

    public static IResult UnsupportedMediaType(HttpContext http, string? contentType) =>
        Write(http, Problem.Of(415, "unsupported-media-type", "The body must be JSON.", $"Content-Type '{contentType}' is not accepted; send application/json (UTF-8)."));

    public static IResult TooLarge(HttpContext http) =>
        Write(http, Problem.Of(413, "body-too-large", "The body is too large.", $"An order body is at most {OrderLimits.MaxBodyBytes / 1024} KB (the SQS and Step Functions payload limit)."));

    public static IResult SlowBody(HttpContext http) =>
        Write(http, Problem.Of(408, "body-timeout", "The body arrived too slowly.", "The request body was not received in time; send it again."));

    public static IResult MissingIdempotencyKey(HttpContext http) =>
        Write(http, Problem.Of(400, "missing-idempotency-key", "Idempotency-Key header required.", $"Send a unique Idempotency-Key (1-{OrderLimits.MaxIdempotencyKeyLength} printable ASCII characters) per order; resend the same key to retry safely."));

    public static IResult InvalidBody(HttpContext http, IReadOnlyList<ValidationProblem> errors) =>
        Write(http, Problem.Of(400, "invalid-order", "The order is not valid.", $"{errors.Count} problem(s) found; see errors.", errors: errors));

    public static IResult IdempotencyKeyReused(HttpContext http) =>
        Write(http, Problem.Of(422, "idempotency-key-reused", "Idempotency-Key already used for another order.", "This Idempotency-Key was first used with a different body. Use a new key for a new order."));

    public static IResult QueueUnavailable(HttpContext http) =>
        Write(http, Problem.Of(503, "queue-unavailable", "The order could not be queued.", "Nothing was lost: retry with the same Idempotency-Key and the order is accepted exactly once."));

    public static IResult FromStatus(HttpContext http, int status, string title, string detail) =>
        Write(http, Problem.Of(status, "error", title, detail));

    private static IResult Write(HttpContext http, Problem problem)
    {
        var withInstance = problem with { Instance = http.Request.Path.Value };
        return Results.Text(JsonSerializer.Serialize(withInstance, ContractsJsonContext.Default.Problem), Problem.MediaType, System.Text.Encoding.UTF8, problem.Status);
    }
}
