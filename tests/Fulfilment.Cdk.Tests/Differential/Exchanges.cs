using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Fulfilment.Cdk.Tests.Velocity;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;

namespace Fulfilment.Cdk.Tests.Differential;

/// <summary>One request sent to the local API, what it answered, and what the deployed API would answer to it.</summary>
public sealed record Exchange(string Name, string RequestId, HttpAnswer Local, HttpAnswer Deployed, Message? Queued, TemplateResult? SentBySqsIntegration, TemplateCase? Case);

/// <summary>
/// Sends every case of the mapping-template tests and every documented error to the local API, and computes the
/// deployed API's answer to the same request from the synthesized template (rendered by Java Velocity with the
/// request context the local API reported: its request id and request time).
/// </summary>
public sealed class Exchanges : IAsyncLifetime, IDisposable
{
    /// <summary>The request time the local API used, read back from the message it sent (placedAt) and bounded by the test's clock.</summary>
    private readonly Dictionary<string, (long Before, long Epoch, long After)> _times = new(StringComparer.Ordinal);
    private Task<IReadOnlyDictionary<string, Exchange>>? _all;

    public LocalOrdersApi Local { get; } = new();

    public JavaVelocity Java { get; } = new();

    /// <summary>The replay's second order id and what GET answered for it once intake had seen both messages.</summary>
    public (string FirstOrderId, string SecondOrderId, HttpAnswer Status) Replay { get; private set; }

    public IReadOnlyDictionary<string, (long Before, long Epoch, long After)> Times => _times;

    public static IReadOnlyList<string> ErrorNames { get; } =
    [
        "no api key", "wrong api key", "GET without api key", "no idempotency key", "blank idempotency key", "text/plain body",
        "invalid body", "control character in customerId", "not JSON", "empty body", "body over 10 MB", "throttled", "unknown route", "queue unavailable",
    ];

    /// <summary>The refusals the request model makes (BAD_REQUEST_BODY), where the local API also lists the problems.</summary>
    public static IReadOnlyList<string> InvalidBodyNames { get; } = ["invalid body", "control character in customerId", "not JSON", "empty body"];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in TemplateCases.All.Select(c => c.Name).Concat(["replay, first request", "replay, second request"]).Concat(ErrorNames))
        {
            names.Add(name);
        }

        return names;
    }

    public Task InitializeAsync() => Local.InitializeAsync();

    public Task DisposeAsync() => Local.DisposeAsync();

    public void Dispose() => Java.Dispose();

    /// <summary>Every exchange, run once for the class against the deployed definitions of <paramref name="template"/>.</summary>
    public Task<IReadOnlyDictionary<string, Exchange>> AllAsync(JsonObject template) => _all ??= RunAsync(new DeployedOrdersApi(template));

    private async Task<IReadOnlyDictionary<string, Exchange>> RunAsync(DeployedOrdersApi deployed)
    {
        await Local.DrainAsync();
        var pending = new List<(string Name, HttpAnswer Local, string RequestId, Message? Queued, TemplateCase? Case, Func<TemplateCase, IReadOnlyList<(DeployedResponse, TemplateJob)>> Jobs)>();
        var accepted = deployed.IntegrationResponse(200);

        async Task Accept(string name, TemplateCase c)
        {
            var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var response = await Local.Http.SendAsync(Post(c.Body, c.IdempotencyKey, c.TraceParent));
            var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var answer = await AnswerOf(response);
            var queued = (await Local.DrainAsync()).SingleOrDefault();
            var requestId = RequestIdOf(response);
            var epoch = queued is null ? 0 : DateTimeOffset.Parse((string)JsonNode.Parse(queued.Body)!["placedAt"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            _times[name] = (before, epoch, after);
            var asSent = c with { RequestId = requestId, RequestTimeEpoch = epoch };
            pending.Add((name, answer, requestId, queued, asSent, sent =>
            [
                (accepted, accepted.Job(Context(sent, "/orders"), sent.Headers)),
                (accepted, new TemplateJob(deployed.RequestTemplate(Local.QueueUrl), Context(sent, "/orders"), sent.Headers, sent.Body)),
            ]));
        }

        foreach (var c in TemplateCases.All)
        {
            await Accept(c.Name, c);
        }

        // A storefront's retry: the same key and body again, after intake took the first message.
        var retried = TemplateCases.All[0] with { IdempotencyKey = "retry-" + Guid.NewGuid().ToString("N") };
        await Accept("replay, first request", retried);
        await Accept("replay, second request", retried);

        async Task Refuse(string name, HttpRequestMessage request, DeployedResponse expected, string path, HttpClient? client = null)
        {
            using (request)
            {
                using var response = await (client ?? Local.Http).SendAsync(request);
                var requestId = RequestIdOf(response);
                pending.Add((name, await AnswerOf(response), requestId, (await Local.DrainAsync()).SingleOrDefault(), null, _ =>
                    [(expected, expected.Job(Context(new TemplateCase(name, string.Empty, string.Empty, null, 0, requestId), path)))]));
            }
        }

        var good = TemplateCases.All[0].Body;
        var orderId = OrderIds.New();
        await Refuse("no api key", Post(good, "k1", apiKey: null), deployed.GatewayResponse("INVALID_API_KEY"), "/orders");
        await Refuse("wrong api key", Post(good, "k1", apiKey: "nope"), deployed.GatewayResponse("INVALID_API_KEY"), "/orders");
        await Refuse("GET without api key", new HttpRequestMessage(HttpMethod.Get, $"/orders/{orderId}"), deployed.GatewayResponse("INVALID_API_KEY"), $"/orders/{orderId}");
        await Refuse("no idempotency key", Post(good, null), deployed.GatewayResponse("BAD_REQUEST_PARAMETERS"), "/orders");
        await Refuse("blank idempotency key", Post(good, "   "), deployed.GatewayResponse("BAD_REQUEST_PARAMETERS"), "/orders");
        await Refuse("text/plain body", Post(good, "k1", contentType: "text/plain"), deployed.GatewayResponse("UNSUPPORTED_MEDIA_TYPE"), "/orders");
        await Refuse("invalid body", Post("""{"customerId":"c","lines":[],"currency":"EUX","paymentToken":"t"}""", "k1"), deployed.GatewayResponse("BAD_REQUEST_BODY"), "/orders");
        await Refuse("control character in customerId", Post(good.Replace("\"cust-42\"", "\"cust\\n42\"", StringComparison.Ordinal), "k1"), deployed.GatewayResponse("BAD_REQUEST_BODY"), "/orders");
        await Refuse("not JSON", Post("{nope", "k1"), deployed.GatewayResponse("BAD_REQUEST_BODY"), "/orders");
        await Refuse("empty body", Post(string.Empty, "k1"), deployed.GatewayResponse("BAD_REQUEST_BODY"), "/orders");
        await Refuse("body over 10 MB", Post(good[..^1] + ",\"metadata\":{\"x\":\"" + new string('x', OrdersApiProblems.MaxRequestBodyBytes) + "\"}}", "k1"), deployed.GatewayResponse("REQUEST_TOO_LARGE"), "/orders");
        await Refuse("unknown route", new HttpRequestMessage(HttpMethod.Get, "/nope"), deployed.GatewayResponse("DEFAULT_4XX", DeployedOrdersApi.MissingAuthenticationTokenStatus), "/nope");
        // SQS answers 400 (AWS.SimpleQueueService.NonExistentQueue) for a queue that is gone.
        await Refuse("queue unavailable", Post(good, "k1"), deployed.IntegrationResponse(400), "/orders", Local.NoQueueHttp);
        await ThrottleAsync(deployed, pending);

        var jobs = pending.Select(p => p.Jobs(p.Case ?? new TemplateCase(p.Name, string.Empty, string.Empty, null, 0, p.RequestId))).ToList();
        var rendered = await Java.RenderAsync([.. jobs.SelectMany(j => j.Select(x => x.Item2))], CancellationToken.None);
        var exchanges = new Dictionary<string, Exchange>(StringComparer.Ordinal);
        var next = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var (response, _) = jobs[i][0];
            var answer = Localize(response.Answer(rendered[next]));
            var sent = jobs[i].Count > 1 ? rendered[next + 1] : null;
            next += jobs[i].Count;
            exchanges[pending[i].Name] = new Exchange(pending[i].Name, pending[i].RequestId, pending[i].Local, answer, pending[i].Queued, sent, pending[i].Case);
        }

        await ResolveReplayAsync(exchanges);
        return exchanges;
    }

    // The usage plan's burst runs out after a few requests; the first refused one is the exchange.
    private async Task ThrottleAsync(DeployedOrdersApi deployed, List<(string, HttpAnswer, string, Message?, TemplateCase?, Func<TemplateCase, IReadOnlyList<(DeployedResponse, TemplateJob)>>)> pending)
    {
        var expected = deployed.GatewayResponse("THROTTLED");
        for (var i = 0; i < 10; i++)
        {
            using var response = await Local.Http.SendAsync(Post("{}", "k1", apiKey: LocalOrdersApi.TinyPlanKey));
            if ((int)response.StatusCode == 429)
            {
                var requestId = RequestIdOf(response);
                pending.Add(("throttled", await AnswerOf(response), requestId, null, null, _ =>
                    [(expected, expected.Job(Context(new TemplateCase("throttled", string.Empty, string.Empty, null, 0, requestId), "/orders")))]));
                return;
            }
        }

        throw new InvalidOperationException("the tiny usage plan never throttled in 10 requests");
    }

    private async Task ResolveReplayAsync(Dictionary<string, Exchange> exchanges)
    {
        var first = exchanges["replay, first request"];
        var second = exchanges["replay, second request"];
        foreach (var message in new[] { first.Queued, second.Queued })
        {
            if (message is not null)
            {
                await Local.DeliverAsync([message]);
            }
        }

        var secondId = (string)JsonNode.Parse(second.Local.Body)!["orderId"]!;
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/orders/{secondId}");
        get.Headers.Add("x-api-key", LocalOrdersApi.ApiKey);
        using var status = await Local.Http.SendAsync(get);
        Replay = ((string)JsonNode.Parse(first.Local.Body)!["orderId"]!, secondId, await AnswerOf(status));
    }

    // The one difference kept on purpose: the deployed API's URLs are https on the stage's path (/prod/...), the
    // local API's plain http at the root of its loopback address (docs/aws-vs-local.md).
    private HttpAnswer Localize(HttpAnswer deployed)
    {
        var local = Local.Http.BaseAddress!;
        string Map(string text) => text
            .Replace($"https://{local.Authority}/{DeployedOrdersApi.Stage}/", local.ToString(), StringComparison.Ordinal)
            .Replace($"\"instance\":\"/{DeployedOrdersApi.Stage}/", "\"instance\":\"/", StringComparison.Ordinal);
        return deployed with { Headers = deployed.Headers.ToDictionary(h => h.Key, h => Map(h.Value), StringComparer.OrdinalIgnoreCase), Body = Map(deployed.Body) };
    }

    // $context as API Gateway fills it for this request on the prod stage, reached at the local API's host name.
    private JsonObject Context(TemplateCase c, string path)
    {
        var context = c.Context(domainName: Local.Http.BaseAddress!.Authority, stage: DeployedOrdersApi.Stage);
        context["path"] = $"/{DeployedOrdersApi.Stage}{path}";
        return context;
    }

    private static HttpRequestMessage Post(string body, string? idempotencyKey, string? traceParent = null, string? apiKey = LocalOrdersApi.ApiKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in new[] { ("x-api-key", apiKey), ("Idempotency-Key", idempotencyKey), ("traceparent", traceParent) })
        {
            if (value is not null && !request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"{name} '{value}' cannot be sent as a header", nameof(idempotencyKey));
            }
        }

        return request;
    }

    private static string RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : string.Empty;

    // Headers that only carry the transport (or that every API Gateway response has: the request id, compared apart).
    private static readonly HashSet<string> Transport = new(["Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "x-amzn-RequestId"], StringComparer.OrdinalIgnoreCase);

    private static async Task<HttpAnswer> AnswerOf(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !Transport.Contains(h.Key))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new HttpAnswer((int)response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }
}
