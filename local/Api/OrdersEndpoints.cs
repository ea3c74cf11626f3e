using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    public static void Map(IEndpointRouteBuilder routes, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter, StatusInvoker status, HealthProbe health, TimeProvider clock)
    {
        routes.MapPost("/orders", (Func<HttpContext, Task<IResult>>)(http => PostOrderAsync(http, options, acceptance, limiter, clock)))
            .WithName("CreateOrder")
            .WithSummary("Accept an order for fulfilment.")
            .WithDescription("Requires x-api-key and Idempotency-Key. Every accepted request gets its own orderId (202), as on AWS; a retry with the same key and body gets a new orderId whose status is the first order's, and no second order is made. A key reused for another body is accepted and then refused by intake (dead-lettered).")
            .Accepts<CreateOrderRequest>("application/json")
            .Produces<OrderAccepted>(StatusCodes.Status202Accepted)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status403Forbidden, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status413PayloadTooLarge, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status415UnsupportedMediaType, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status429TooManyRequests, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status503ServiceUnavailable, Problem.MediaType);

        routes.MapGet("/orders/{orderId}", (HttpContext http, string orderId) => GetOrderAsync(http, orderId, options, limiter, status, clock))
            .WithName("GetOrder")
            .WithSummary("The order's status, status history and reason.")
            .Produces<OrderStatusView>(StatusCodes.Status200OK)
            .Produces<Problem>(StatusCodes.Status400BadRequest, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status403Forbidden, Problem.MediaType)
            .Produces<Problem>(StatusCodes.Status404NotFound, Problem.MediaType);

        routes.MapGet("/health", async (CancellationToken ct) =>
        {
            var parts = await health(ct);
            var report = new HealthReport(parts.All(p => p.Ready), parts);
            return Results.Text(JsonSerializer.Serialize(report, ApiJsonContext.Default.HealthReport), "application/json", System.Text.Encoding.UTF8, report.Ready ? 200 : 503);
        }).WithName("Health").WithSummary("200 when every part of the stack is ready, 503 naming what is not.");

        routes.MapFallback((Func<HttpContext, Task<IResult>>)(http =>
            // POST /orders declares the JSON it accepts, so routing skips it for other (or no) content types and lands
            // here; API Gateway still checks key, parameters and media type in its own order, so the same pipeline runs.
            HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals("/orders", StringComparison.OrdinalIgnoreCase)
                ? PostOrderAsync(http, options, acceptance, limiter, clock)
                : Task.FromResult(UnknownRoute(http, clock))));
    }

    // API Gateway answers a method or resource it does not have with 403 (MISSING_AUTHENTICATION_TOKEN, our DEFAULT_4XX body).
    private static IResult UnknownRoute(HttpContext http, TimeProvider clock)
    {
        GatewayRequest.Start(http, clock);
        return Problems.UnknownRoute(http);
    }

    private static async Task<IResult> PostOrderAsync(HttpContext http, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter, TimeProvider clock)
    {
        using var activity = TraceSpans.Start(Source, "POST /orders", ActivityKind.Server, Incoming(http));
        var result = await AcceptOrderAsync(http, GatewayRequest.Start(http, clock), options, acceptance, limiter, TraceParent.Of(activity).ToString());
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", "POST");
            activity.SetTag("http.route", "/orders");
            activity.SetTag("http.response.status_code", (result as IStatusCodeHttpResult)?.StatusCode);
        }

        return result;
    }

    // The checks run in API Gateway's order: payload size, API key and usage plan, required parameters, the mapping
    // template for the content type (a missing Content-Type means JSON), the request model, then the integration.
    private static async Task<IResult> AcceptOrderAsync(HttpContext http, GatewayRequest gateway, ApiOptions options, OrderAcceptance acceptance, PartitionedRateLimiter<string> limiter, string traceParent)
    {
        if (http.Request.ContentLength > OrdersApiProblems.MaxRequestBodyBytes)
        {
            return Problems.TooLarge(http);
        }

        if (Authorize(http, options, limiter) is { } denied)
        {
            return denied;
        }

        // "Included and non-blank" is all API Gateway checks of a required header.
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return Problems.MissingIdempotencyKey(http);
        }

        if (!IsJson(http.Request.ContentType))
        {
            return Problems.UnsupportedMediaType(http);
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

        AcceptedOrder accepted;
        try
        {
            accepted = await acceptance.AcceptAsync(gateway, key, JsonNode.Parse(body)!.AsObject(), traceParent, http.RequestAborted);
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return Problems.QueueUnavailable(http);
        }

        Activity.Current?.SetTag("fulfilment.order_id", accepted.OrderId);
        Activity.Current?.SetTag("fulfilment.correlation_id", accepted.CorrelationId);
        var statusUrl = $"{http.Request.Scheme}://{http.Request.Host}/orders/{accepted.OrderId}";
        http.Response.Headers.Location = statusUrl;
        http.Response.Headers["X-Correlation-Id"] = accepted.CorrelationId;
        var answer = new OrderAccepted(accepted.OrderId, statusUrl, accepted.CorrelationId);
        return new GatewayResult(StatusCodes.Status202Accepted, "application/json", JsonSerializer.Serialize(answer, ContractsJsonContext.Default.OrderAccepted));
    }

    /// <summary>
    /// A valid W3C traceparent is continued; an invalid or missing one starts a new trace (never a 400, as the spec asks).
    /// Several traceparent headers read as one comma-joined value, which is invalid: a new trace too.
    /// </summary>
    private static TraceParent? Incoming(HttpContext http) =>
        TraceParent.TryParse(http.Request.Headers[TraceParent.Name].ToString(), out var given) ? given : null;

    private static async Task<IResult> GetOrderAsync(HttpContext http, string orderId, ApiOptions options, PartitionedRateLimiter<string> limiter, StatusInvoker status, TimeProvider clock)
    {
        using var activity = TraceSpans.Start(Source, "GET /orders/{orderId}", ActivityKind.Server, Incoming(http));
        var result = await InvokeStatusAsync(http, GatewayRequest.Start(http, clock), orderId, options, limiter, status, TraceParent.Of(activity).ToString());
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("http.route", "/orders/{orderId}");
            activity.SetTag("http.response.status_code", (result as IStatusCodeHttpResult)?.StatusCode);
            activity.SetTag("fulfilment.order_id", orderId);
        }

        return result;
    }

    private static async Task<IResult> InvokeStatusAsync(HttpContext http, GatewayRequest gateway, string orderId, ApiOptions options, PartitionedRateLimiter<string> limiter, StatusInvoker status, string traceParent)
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
                RequestId = gateway.RequestId,
                HttpMethod = "GET",
                Path = http.Request.Path.Value,
                ResourcePath = "/orders/{orderId}",
                Stage = "local",
                RequestTimeEpoch = gateway.RequestTimeEpoch,
                Identity = new APIGatewayProxyRequest.RequestIdentity { ApiKey = ApiKey(http), SourceIp = http.Connection.RemoteIpAddress?.ToString() },
            },
        };
        // A proxy integration: the function's status, headers and body go to the client as they are.
        var response = await status(request, http.RequestAborted);
        var contentType = "application/json";
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                http.Response.Headers[name] = value;
            }
        }

        return new GatewayResult(response.StatusCode, contentType, response.Body ?? string.Empty);
    }

    private static IResult? Authorize(HttpContext http, ApiOptions options, PartitionedRateLimiter<string> limiter)
    {
        // A missing key and an unknown one are the same answer in API Gateway (INVALID_API_KEY).
        var apiKey = ApiKey(http);
        if (!options.ApiKeys.ContainsKey(apiKey))
        {
            return Problems.InvalidApiKey(http);
        }

        using var lease = limiter.AttemptAcquire(apiKey);
        if (!lease.IsAcquired)
        {
            return Problems.Throttled(http);
        }

        return null;
    }

    private static string ApiKey(HttpContext http) => http.Request.Headers[ApiKeyHeader].ToString();

    // API Gateway picks the mapping template by media type, and takes a request without Content-Type for JSON.
    private static bool IsJson(string? contentType) =>
        string.IsNullOrWhiteSpace(contentType)
        || (MediaTypeHeaderValue.TryParse(contentType, out var media) && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadBodyAsync(HttpContext http, TimeSpan timeout)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = OrdersApiProblems.MaxRequestBodyBytes;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cts.Token)) > 0)
        {
            if (buffer.Length + read > OrdersApiProblems.MaxRequestBodyBytes)
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
