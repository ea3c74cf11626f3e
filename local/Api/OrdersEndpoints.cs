using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;
using Fulfilment.Lambda.Events;
using Fulfilment.Lambda.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Fulfilment.Local.Api;

/// <summary>Invokes the order service's <c>status</c> Lambda with an API Gateway proxy event, as API Gateway would.</summary>
public delegate Task<APIGatewayProxyResponse> StatusInvoker(APIGatewayProxyRequest request, CancellationToken cancellationToken);

/// <summary>Reports whether each part of the stack is ready (for <c>GET /health</c>).</summary>
public delegate Task<IReadOnlyList<ComponentHealth>> HealthProbe(CancellationToken cancellationToken);

/// <summary>One part of the stack and whether it is ready.</summary>
public sealed record ComponentHealth(string Name, bool Ready, string? Detail = null);

/// <summary>The thin HTTP endpoints: map HTTP to <see cref="OrderAcceptance"/> and the status Lambda, and back.</summary>
internal static class OrdersEndpoints
{
    /// <summary>The source of the API's <c>POST /orders</c> and <c>GET /orders/{orderId}</c> spans.</summary>
    public const string ActivitySourceName = "Fulfilment.Api";

    private const string ApiKeyHeader = "x-api-key";

    // One source per process, as ActivitySource is meant to be used; it holds no per-request state.
    private static readonly ActivitySource Source = new(ActivitySourceName);

    public static void Map(IEndpointRouteBuilder routes, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter, StatusInvoker status, HealthProbe health)
    {
        routes.MapPost("/orders", (Func<HttpContext, Task<IResult>>)(http => PostOrderAsync(http, options, acceptance, limiter)))
            .WithName("CreateOrder")
            .WithSummary("Accept an order for fulfilment.")
            .WithDescription("Requires x-api-key and Idempotency-Key. The same key and body return the same orderId (202) and queue nothing new; the same key with another body is 422.")
            .Accepts<CreateOrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status401Unauthorized, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status403Forbidden, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status413PayloadTooLarge, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status415UnsupportedMediaType, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status422UnprocessableEntity, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status429TooManyRequests, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status503ServiceUnavailable, Problem.MediaType);

        routes.MapGet("/orders/{orderId}", (HttpContext http, string orderId) => GetOrderAsync(http, orderId, options, limiter, status))
            .WithName("GetOrder")
            .WithSummary("The order's status, status history and reason.")
            .Produces<OrderStatusView>(StatusCodes.Status200OK)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status404NotFound, Problem.MediaType);

        routes.MapGet("/health", async (CancellationToken ct) =>
        {
            var parts = await health(ct);
            var report = new HealthReport(parts.All(p => p.Ready), parts);
            return Results.Text(JsonSerializer.Serialize(report, ApiJsonContext.Default.HealthReport), "application/json", System.Text.Encoding.UTF8, report.Ready ? 200 : 503);
        }).WithName("Health").WithSummary("200 when every part of the stack is ready, 503 naming what is not.");
    }

    private static async Task<IResult> PostOrderAsync(HttpContext http, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter)
    {
        using var activity = TraceSpans.Start(Source, "POST /orders", ActivityKind.Server, Incoming(http));
        var result = await AcceptOrderAsync(http, options, acceptance, limiter, TraceParent.Of(activity).ToString());
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", "POST");
            activity.SetTag("http.route", "/orders");
            activity.SetTag("http.response.status_code", (result as IStatusCodeHttpResult)?.StatusCode);
        }

        return result;
    }

    private static async Task<IResult> AcceptOrderAsync(HttpContext http, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter, string traceParent)
    {
        if (Authorize(http, options, limiter) is { } denied)
        {
            return denied;
        }

        var contentType = http.Request.ContentType;
        if (!IsJson(contentType))
        {
            return Problems.UnsupportedMediaType(http, contentType);
        }

        if (http.Request.ContentLength > OrderLimits.MaxBodyBytes)
        {
            return Problems.TooLarge(http);
        }

        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > OrderLimits.MaxIdempotencyKeyLength || key.Any(c => c is < (char)0x21 or > (char)0x7e))
        {
            return Problems.MissingIdempotencyKey(http);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(http, options.BodyReadTimeout);
        }
        catch (BodyTooLargeException)
        {
            return Problems.TooLarge(http);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Problems.SlowBody(http);
        }
        catch (BadHttpRequestException ex)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? Problems.TooLarge(http) : Problems.FromStatus(http, ex.StatusCode, "Bad request.", ex.Message);
        }

        var outcome = CreateOrderRequestValidator.Validate(body);
        if (!outcome.IsValid)
        {
            return Problems.InvalidBody(http, outcome.Problems);
        }

        var correlationId = http.Request.Headers["X-Correlation-Id"].ToString() is { Length: > 0 and <= 128 } given ? given : Guid.NewGuid().ToString();
        AcceptanceOutcome accepted;
        try
        {
            accepted = await acceptance.AcceptAsync(ApiKey(http), key, outcome.Request!, correlationId, traceParent, http.RequestAborted);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return Problems.QueueUnavailable(http);
        }

        if (accepted.KeyReused)
        {
            return Problems.IdempotencyKeyReused(http);
        }

        var record = accepted.Record!;
        Activity.Current?.SetTag("fulfilment.order_id", record.OrderId);
        Activity.Current?.SetTag("fulfilment.correlation_id", record.CorrelationId);
        var statusUrl = $"{http.Request.Scheme}://{http.Request.Host}/orders/{record.OrderId}";
        http.Response.Headers.Location = statusUrl;
        http.Response.Headers["X-Correlation-Id"] = record.CorrelationId;
        var answer = new OrderAccepted(record.OrderId, statusUrl, record.CorrelationId);
        return Results.Text(JsonSerializer.Serialize(answer, ContractsJsonContext.Default.OrderAccepted), "application/json", System.Text.Encoding.UTF8, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// A valid W3C traceparent is continued; an invalid or missing one starts a new trace (never a 400, as the spec asks).
    /// Several traceparent headers read as one comma-joined value, which is invalid: a new trace too.
    /// </summary>
    private static TraceParent? Incoming(HttpContext http) =>
        TraceParent.TryParse(http.Request.Headers[TraceParent.Name].ToString(), out var given) ? given : null;

    private static async Task<IResult> GetOrderAsync(HttpContext http, string orderId, ApiOptions options, PartitionedRateLimiter<string> limiter, StatusInvoker status)
    {
        using var activity = TraceSpans.Start(Source, "GET /orders/{orderId}", ActivityKind.Server, Incoming(http));
        var result = await InvokeStatusAsync(http, orderId, options, limiter, status, TraceParent.Of(activity).ToString());
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("http.route", "/orders/{orderId}");
            activity.SetTag("http.response.status_code", (result as IStatusCodeHttpResult)?.StatusCode);
            activity.SetTag("fulfilment.order_id", orderId);
        }

        return result;
    }

    private static async Task<IResult> InvokeStatusAsync(HttpContext http, string orderId, ApiOptions options, PartitionedRateLimiter<string> limiter, StatusInvoker status, string traceParent)
    {
        if (Authorize(http, options, limiter) is { } denied)
        {
            return denied;
        }

        // The status function continues this span's trace from its event's traceparent header (the runtime reads it);
        // the caller's own header is this span's parent, so it is replaced, not passed on.
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        headers[TraceParent.Name] = traceParent;

        var request = new APIGatewayProxyRequest
        {
            Resource = "/orders/{orderId}",
            Path = http.Request.Path.Value,
            HttpMethod = "GET",
            Headers = headers,
            PathParameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["orderId"] = orderId },
            RequestContext = new APIGatewayProxyRequest.ProxyRequestContext
            {
                RequestId = http.TraceIdentifier,
                HttpMethod = "GET",
                Path = http.Request.Path.Value,
                ResourcePath = "/orders/{orderId}",
                Stage = "local",
                RequestTimeEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Identity = new APIGatewayProxyRequest.RequestIdentity { ApiKey = ApiKey(http), SourceIp = http.Connection.RemoteIpAddress?.ToString() },
            },
        };
        var response = await status(request, http.RequestAborted);
        var contentType = response.Headers is { } h && h.TryGetValue("Content-Type", out var ct) ? ct : "application/json";
        return Results.Text(response.Body ?? string.Empty, contentType, System.Text.Encoding.UTF8, response.StatusCode);
    }

    private static IResult? Authorize(HttpContext http, ApiOptions options, PartitionedRateLimiter<string> limiter)
    {
        var apiKey = ApiKey(http);
        if (apiKey.Length == 0)
        {
            return Problems.MissingApiKey(http);
        }

        if (!options.ApiKeys.ContainsKey(apiKey))
        {
            return Problems.InvalidApiKey(http);
        }

        using var lease = limiter.AttemptAcquire(apiKey);
        if (!lease.IsAcquired)
        {
            return Problems.Throttled(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1));
        }

        return null;
    }

    private static string ApiKey(HttpContext http) => http.Request.Headers[ApiKeyHeader].ToString();

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charsetOk = media.CharSet is null || media.CharSet.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        return charsetOk && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, TimeSpan timeout)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = OrderLimits.MaxBodyBytes;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cts.Token)) > 0)
        {
            if (buffer.Length + read > OrderLimits.MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private sealed class BodyTooLargeException : Exception;
}

/// <summary>The answer of <c>GET /health</c>.</summary>
public sealed record HealthReport(bool Ready, IReadOnlyList<ComponentHealth> Components);

/// <summary>Source-generated serializers of the API's own documents.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthReport))]
internal sealed partial class ApiJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
