using System.Net;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Local.Api.Tests;

/// <summary>The API answers only requests addressed to a loopback name or address, so a DNS-rebinding page cannot read or post orders.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LoopbackHostTests(ApiFixture api)
{
    private const string GoodBody = """{"customerId":"cust-1","lines":[{"sku":"SKU-A","quantity":1,"unitPriceMinor":100}],"currency":"EUR","paymentToken":"tok_ok"}""";

    [Fact]
    public async Task GetOrder_WhenHostIsNotLoopback_ShouldAnswer421ProblemWithoutTheOrder()
    {
        var orderId = await CreateOrderAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{orderId}");
        request.Headers.Add("x-api-key", ApiFixture.ApiKey);
        request.Headers.Host = "attacker.example";

        using var response = await api.Http.SendAsync(request);

        var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.Problem)!;
        Assert.Equal(
            (HttpStatusCode.MisdirectedRequest, "application/problem+json", "https://fulfilment.dev/problems/misdirected-request", true),
            (response.StatusCode, response.Content.Headers.ContentType?.MediaType, problem.Type, problem.Detail!.Contains("'attacker.example'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PostOrder_WhenHostIsNotLoopback_ShouldAnswer421AndQueueNothing()
    {
        await api.DrainAsync();
        using var request = api.Post(GoodBody, Guid.NewGuid().ToString());
        request.Headers.Host = "attacker.example:3000";

        using var response = await api.Http.SendAsync(request);

        Assert.Equal((HttpStatusCode.MisdirectedRequest, 0), (response.StatusCode, (await api.DrainAsync()).Count));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("localhost:{port}")]
    [InlineData("[::1]:{port}")]
    public async Task GetOrder_WhenHostIsALoopbackNameOrAddress_ShouldAnswerTheOrder(string host)
    {
        var orderId = await CreateOrderAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{orderId}");
        request.Headers.Add("x-api-key", ApiFixture.ApiKey);
        request.Headers.Host = host.Replace("{port}", api.Http.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> CreateOrderAsync()
    {
        var order = new NewOrderEvent("1", OrderIds.New(), "k", "cust-9", [new OrderLine("SKU-A", 1, 100)], "EUR", "tok_ok", "corr", DateTimeOffset.UtcNow);
        await api.Orders.CreateAsync(order, CancellationToken.None);
        return order.OrderId;
    }
}
