using System.Text.Json;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda.Events;
using Fulfilment.Testing;

namespace Fulfilment.Order.Tests;

[Trait("Category", "Integration")]
public sealed class OrderStatusFunctionTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>
{
    private OrderRepository Orders => new(dynamo.Client, dynamo.OrdersTable, TimeProvider.System);

    [Fact]
    public async Task HandleAsync_WhenOrderExists_ShouldReturnItsStatusAndHistory()
    {
        var order = TestMessages.NewOrder();
        await Orders.CreateAsync(order, CancellationToken.None);

        var response = await new OrderStatusFunction(Orders).HandleAsync(Get(order.OrderId), TestMessages.Context(), CancellationToken.None);

        var view = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.OrderStatusView)!;
        Assert.Equal((200, OrderStatus.Received, OrderStatus.Received), (response.StatusCode, view.Status, Assert.Single(view.History).Status));
    }

    [Fact]
    public async Task HandleAsync_WhenOrderIsUnknown_ShouldReturn404Problem()
    {
        var response = await new OrderStatusFunction(Orders).HandleAsync(Get(OrderIds.New()), TestMessages.Context(), CancellationToken.None);

        var problem = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.Problem)!;
        Assert.Equal((404, Problem.MediaType, 404), (response.StatusCode, response.Headers!["Content-Type"], problem.Status));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    [InlineData("01jdq7zk3m5n8p0r2s4t6v8w9x")]
    public async Task HandleAsync_WhenOrderIdIsMalformed_ShouldReturn400Problem(string orderId)
    {
        var response = await new OrderStatusFunction(Orders).HandleAsync(Get(orderId), TestMessages.Context(), CancellationToken.None);

        Assert.Equal((400, Problem.MediaType), (response.StatusCode, response.Headers!["Content-Type"]));
    }

    private static APIGatewayProxyRequest Get(string orderId) => new()
    {
        HttpMethod = "GET",
        Path = $"/orders/{orderId}",
        Resource = "/orders/{orderId}",
        PathParameters = new Dictionary<string, string> { ["orderId"] = orderId },
    };
}
