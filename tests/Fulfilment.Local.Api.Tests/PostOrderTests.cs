using System.Net;
using System.Text.Json;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Local.Api.Tests;

[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class PostOrderTests(ApiFixture api)
{
    private const string GoodBody = """{"customerId":"cust-1","lines":[{"sku":"SKU-A","quantity":2,"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"tok_ok"}""";

    [Fact]
    public async Task Post_WhenOrderIsValid_ShouldAnswer202WithUlidAndStatusUrl()
    {
        await api.DrainAsync();

        using var response = await api.Http.SendAsync(api.Post(GoodBody, Guid.NewGuid().ToString()));

        var accepted = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderAccepted)!;
        Assert.Equal((HttpStatusCode.Accepted, true, true), (response.StatusCode, OrderIds.IsValid(accepted.OrderId), accepted.StatusUrl.EndsWith($"/orders/{accepted.OrderId}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Post_WhenOrderIsValid_ShouldUseTheRequestIdAsCorrelationIdAndIgnoreTheClientsHeader()
    {
        await api.DrainAsync();
        var request = api.Post(GoodBody, Guid.NewGuid().ToString());
        request.Headers.Add("X-Correlation-Id", "corr-from-client");

        using var response = await api.Http.SendAsync(request);

        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var message = Assert.Single(await api.DrainAsync());
        var queued = JsonSerializer.Deserialize(message.Body, ContractsJsonContext.Default.NewOrderEvent)!;
        Assert.Equal((requestId, requestId, requestId, 2500L), (queued.CorrelationId, message.MessageAttributes["correlationId"].StringValue, response.Headers.GetValues("X-Correlation-Id").Single(), queued.TotalMinor()));
    }

    [Fact]
    public async Task Post_WhenSameKeyAndSameBodyReplayed_ShouldAnswerANewOrderIdThatResolvesToTheFirstOrder()
    {
        await api.DrainAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await api.Http.SendAsync(api.Post(GoodBody, key));
        await api.DeliverAsync(await api.DrainAsync());
        using var second = await api.Http.SendAsync(api.Post(GoodBody.Replace(",", ", ", StringComparison.Ordinal), key));
        var failed = await api.DeliverAsync(await api.DrainAsync());

        var (firstId, secondId) = (await OrderIdOf(first), await OrderIdOf(second));
        var resolved = await api.Orders.GetAsync(secondId, CancellationToken.None);
        Assert.Equal((HttpStatusCode.Accepted, true, 0, firstId), (second.StatusCode, firstId != secondId, failed.Count, resolved?.OrderId));
    }

    [Fact]
    public async Task Post_WhenSameKeyUsedForAnotherBody_ShouldAnswer202AndIntakeShouldRefuseTheMessage()
    {
        await api.DrainAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await api.Http.SendAsync(api.Post(GoodBody, key));
        await api.DeliverAsync(await api.DrainAsync());

        using var second = await api.Http.SendAsync(api.Post(GoodBody.Replace("\"quantity\":2", "\"quantity\":3", StringComparison.Ordinal), key));
        var message = Assert.Single(await api.DrainAsync());
        var failed = await api.DeliverAsync([message]);

        Assert.Equal((HttpStatusCode.Accepted, message.MessageId, null), (second.StatusCode, Assert.Single(failed), await api.Orders.GetAsync(await OrderIdOf(second), CancellationToken.None)));
    }

    public static TheoryData<string, HttpStatusCode> BadRequests() => new()
    {
        { "no api key", HttpStatusCode.Forbidden },
        { "wrong api key", HttpStatusCode.Forbidden },
        { "no idempotency key", HttpStatusCode.BadRequest },
        { "blank idempotency key", HttpStatusCode.BadRequest },
        { "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "invalid body", HttpStatusCode.BadRequest },
        { "not json", HttpStatusCode.BadRequest },
        { "body over 10 MB", HttpStatusCode.RequestEntityTooLarge },
        { "empty body", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Post_WhenRequestIsBad_ShouldAnswerProblemAndQueueNothing(string what, HttpStatusCode expected)
    {
        await api.DrainAsync();
        using var request = what switch
        {
            "no api key" => api.Post(GoodBody, "k1", apiKey: null),
            "wrong api key" => api.Post(GoodBody, "k1", apiKey: "nope"),
            "no idempotency key" => api.Post(GoodBody, null),
            "blank idempotency key" => api.Post(GoodBody, "   "),
            "text/plain" => api.Post(GoodBody, "k1", contentType: "text/plain"),
            "invalid body" => api.Post("""{"customerId":"c","lines":[],"currency":"EUX","paymentToken":"t"}""", Guid.NewGuid().ToString()),
            "not json" => api.Post("{nope", Guid.NewGuid().ToString()),
            "body over 10 MB" => api.Post(GoodBody[..^1] + ",\"metadata\":{\"x\":\"" + new string('x', OrdersApiProblems.MaxRequestBodyBytes) + "\"}}", Guid.NewGuid().ToString()),
            "empty body" => api.Post(string.Empty, Guid.NewGuid().ToString()),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        using var response = await api.Http.SendAsync(request);

        Assert.Equal((expected, Problem.MediaType, 0), (response.StatusCode, response.Content.Headers.ContentType?.MediaType, (await api.DrainAsync()).Count));
    }

    [Fact]
    public async Task Post_WhenBodyHasManyProblems_ShouldListEveryOneWithItsPath()
    {
        using var response = await api.Http.SendAsync(api.Post("""{"lines":[{"sku":"a","quantity":0,"unitPriceMinor":1.5}],"currency":"EUX"}""", Guid.NewGuid().ToString()));

        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.Problem)!;
        Assert.Equal(
            ["$.currency", "$.customerId", "$.lines[0].quantity", "$.lines[0].sku", "$.lines[0].unitPriceMinor", "$.paymentToken"],
            problem.Errors!.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Post_WhenUsagePlanIsExhausted_ShouldAnswer429WithoutRetryAfterAsApiGatewayDoes()
    {
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 10 && throttled is null; i++)
        {
            var response = await api.Http.SendAsync(api.Post(GoodBody, Guid.NewGuid().ToString(), apiKey: ApiFixture.TinyPlanKey));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(throttled);
        Assert.Null(throttled.Headers.RetryAfter);
        throttled.Dispose();
        await api.DrainAsync();
    }

    private static async Task<string> OrderIdOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderAccepted)!.OrderId;
}
