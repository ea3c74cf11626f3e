using System.Net;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Local.Api.Tests;

[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ApiDocumentTests(ApiFixture api)
{
    [Fact]
    public async Task GetOrder_WhenOrderExists_ShouldReturnStatusFromTheStatusHandler()
    {
        var order = new NewOrderEvent("1", OrderIds.New(), "k", "cust-9", [new OrderLine("SKU-A", 1, 100)], "EUR", "tok_ok", "corr", DateTimeOffset.UtcNow);
        await api.Orders.CreateAsync(order, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{order.OrderId}");
        request.Headers.Add("x-api-key", ApiFixture.ApiKey);

        using var response = await api.Http.SendAsync(request);

        var view = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderStatusView)!;
        Assert.Equal((HttpStatusCode.OK, OrderStatus.Received), (response.StatusCode, view.Status));
    }

    [Fact]
    public async Task GetOrder_WhenOrderIsUnknown_ShouldReturn404Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{OrderIds.New()}");
        request.Headers.Add("x-api-key", ApiFixture.ApiKey);

        using var response = await api.Http.SendAsync(request);

        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task GetOrder_WhenApiKeyMissing_ShouldReturn403AsApiGatewayDoes()
    {
        using var response = await api.Http.GetAsync($"/orders/{OrderIds.New()}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_WhenRequested_ShouldDescribeBothOrderOperations()
    {
        using var document = JsonDocument.Parse(await api.Http.GetStringAsync("/openapi.json"));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/orders", out _) && paths.TryGetProperty("/orders/{orderId}", out _));
    }

    [Fact]
    public async Task Health_WhenAPartIsNotReady_ShouldAnswer503NamingIt()
    {
        api.Healthy = false;
        try
        {
            using var response = await api.Http.GetAsync("/health");

            Assert.Equal((HttpStatusCode.ServiceUnavailable, true), (response.StatusCode, (await response.Content.ReadAsStringAsync()).Contains("engine not started", StringComparison.Ordinal)));
        }
        finally
        {
            api.Healthy = true;
        }
    }

    [Fact]
    public async Task Health_WhenEveryPartIsReady_ShouldAnswer200()
    {
        using var response = await api.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_WhenRequested_ShouldAnswer403ProblemAsApiGatewayDoes()
    {
        using var response = await api.Http.GetAsync("/nope");

        Assert.Equal((HttpStatusCode.Forbidden, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
    }
}
