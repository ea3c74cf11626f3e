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
    public async Task Post_WhenOrderIsValid_ShouldQueueNewOrderEventWithCorrelationAttribute()
    {
        await api.DrainAsync();
        var request = api.Post(GoodBody, Guid.NewGuid().ToString());
        request.Headers.Add("X-Correlation-Id", "corr-from-client");

        using var response = await api.Http.SendAsync(request);

        var message = Assert.Single(await api.DrainAsync());
        var queued = JsonSerializer.Deserialize(message.Body, ContractsJsonContext.Default.NewOrderEvent)!;
        Assert.Equal(("corr-from-client", "corr-from-client", 2500L), (queued.CorrelationId, message.MessageAttributes["correlationId"].StringValue, queued.TotalMinor()));
    }

    [Fact]
    public async Task Post_WhenSameKeyAndSameBodyReplayed_ShouldReturnSameOrderAndQueueOnce()
    {
        await api.DrainAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await api.Http.SendAsync(api.Post(GoodBody, key));
        using var second = await api.Http.SendAsync(api.Post(GoodBody.Replace(",", ", ", StringComparison.Ordinal), key));

        var ids = new[] { await OrderIdOf(first), await OrderIdOf(second) };
        Assert.Equal((HttpStatusCode.Accepted, ids[0], 1), (second.StatusCode, ids[1], (await api.DrainAsync()).Count));
    }

    [Fact]
    public async Task Post_WhenSameKeyUsedForAnotherBody_ShouldAnswer422AndQueueNothingNew()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await api.Http.SendAsync(api.Post(GoodBody, key));
        await api.DrainAsync();

        using var second = await api.Http.SendAsync(api.Post(GoodBody.Replace("\"quantity\":2", "\"quantity\":3", StringComparison.Ordinal), key));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, 0), (second.StatusCode, (await api.DrainAsync()).Count));
    }

    public static TheoryData<string, HttpStatusCode> BadRequests() => new()
    {
        { "no api key", HttpStatusCode.Unauthorized },
        { "wrong api key", HttpStatusCode.Forbidden },
        { "no idempotency key", HttpStatusCode.BadRequest },
        { "idempotency key with spaces", HttpStatusCode.BadRequest },
        { "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "invalid body", HttpStatusCode.BadRequest },
        { "not json", HttpStatusCode.BadRequest },
        { "300 KB body", HttpStatusCode.RequestEntityTooLarge },
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
            "idempotency key with spaces" => api.Post(GoodBody, "a b"),
            "text/plain" => api.Post(GoodBody, "k1", contentType: "text/plain"),
            "invalid body" => api.Post("""{"customerId":"c","lines":[],"currency":"EUX","paymentToken":"t"}""", Guid.NewGuid().ToString()),
            "not json" => api.Post("{nope", Guid.NewGuid().ToString()),
            "300 KB body" => api.Post(GoodBody[..^1] + ",\"metadata\":{\"x\":\"" + new string('x', 300 * 1024) + "\"}}", Guid.NewGuid().ToString()),
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
    public async Task Post_WhenUsagePlanIsExhausted_ShouldAnswer429WithRetryAfter()
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

        Assert.NotNull(throttled?.Headers.RetryAfter);
        throttled.Dispose();
        await api.DrainAsync();
    }

    private static async Task<string> OrderIdOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderAccepted)!.OrderId;
}
