using Fulfilment.Contracts.Orders;
using Fulfilment.Testing;

namespace Fulfilment.Order.Tests;

[Trait("Category", "Integration")]
public sealed class OrderIntakeServiceTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>
{
    private readonly RecordingWorkflowStarter _workflow = new();

    private OrderRepository Orders => new(dynamo.Client, dynamo.OrdersTable, TimeProvider.System);

    private OrderIntakeService Intake => new(Orders, _workflow);

    [Fact]
    public async Task HandleAsync_WhenMessageIsValid_ShouldRecordOrderAsReceived()
    {
        var order = TestMessages.NewOrder();

        await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(order)), TestMessages.Context(), CancellationToken.None);

        var view = await Orders.GetAsync(order.OrderId, CancellationToken.None);
        Assert.Equal((OrderStatus.Received, 1, 2250L), (view!.Status, view.StatusSequence, view.TotalMinor));
    }

    [Fact]
    public async Task HandleAsync_WhenMessageIsValid_ShouldStartExecutionNamedAfterOrder()
    {
        var order = TestMessages.NewOrder();

        var response = await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(order)), TestMessages.Context(), CancellationToken.None);

        Assert.Equal((0, order.OrderId), (response.BatchItemFailures.Count, Assert.Single(_workflow.Started)));
    }

    [Fact]
    public async Task HandleAsync_WhenSameMessageDeliveredTwentyTimes_ShouldStartOneExecutionWithIdenticalInput()
    {
        var order = TestMessages.NewOrder();
        var deliveries = Enumerable.Range(0, 20).Select(_ => TestMessages.Message(order)).ToArray();

        await Task.WhenAll(deliveries.Select(d => Intake.HandleAsync(TestMessages.Batch(d), TestMessages.Context(), CancellationToken.None)));

        Assert.Equal((1, 20, 0), (_workflow.Started.Count, _workflow.Calls, _workflow.InputMismatches));
    }

    [Fact]
    public async Task HandleAsync_WhenOneMessageIsMalformed_ShouldFailOnlyThatMessage()
    {
        var good = TestMessages.Message(TestMessages.NewOrder());
        var poison = TestMessages.Message("""{"version":"1","orderId":"not-a-ulid"}""");
        var alsoGood = TestMessages.Message(TestMessages.NewOrder());

        var response = await Intake.HandleAsync(TestMessages.Batch(good, poison, alsoGood), TestMessages.Context(), CancellationToken.None);

        Assert.Equal([poison.MessageId], response.BatchItemFailures.Select(f => f.ItemIdentifier));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{"version":"2","orderId":"01JDQ7ZK3M5N8P0R2S4T6V8W9X"}""")]
    [InlineData("""{"version":"1","orderId":"01JDQ7ZK3M5N8P0R2S4T6V8W9X","idempotencyKey":"k","customerId":"c","lines":[{"sku":"A","quantity":0,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"t","correlationId":"c","placedAt":"2026-11-24T10:00:00Z"}""")]
    public void Parse_WhenBodyIsNotAValidNewOrderEvent_ShouldSayWhy(string body)
    {
        var order = OrderIntakeService.Parse(body, out var problem);

        Assert.True(order is null && problem.Length > 0, problem);
    }

    [Fact]
    public async Task HandleAsync_WhenStartingTheWorkflowFails_ShouldFailMessageAndSucceedOnRedelivery()
    {
        var order = TestMessages.NewOrder();
        var message = TestMessages.Message(order);
        _workflow.FailuresToInject = 1;

        var first = await Intake.HandleAsync(TestMessages.Batch(message), TestMessages.Context(), CancellationToken.None);
        var second = await Intake.HandleAsync(TestMessages.Batch(message), TestMessages.Context(), CancellationToken.None);

        Assert.Equal((1, 0, 1), (first.BatchItemFailures.Count, second.BatchItemFailures.Count, _workflow.Started.Count));
    }

    [Fact]
    public async Task HandleAsync_WhenOrderIdExistsUnderAnotherIdempotencyKey_ShouldFailMessageAndKeepTheOriginal()
    {
        var original = TestMessages.NewOrder("key-1");
        var impostor = original with { IdempotencyKey = "key-2", CustomerId = "someone-else" };
        await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(original)), TestMessages.Context(), CancellationToken.None);

        var response = await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(impostor)), TestMessages.Context(), CancellationToken.None);

        var view = await Orders.GetAsync(original.OrderId, CancellationToken.None);
        Assert.Equal((1, "cust-1"), (response.BatchItemFailures.Count, view!.CustomerId));
    }

    [Fact]
    public async Task HandleAsync_WhenRetriedRequestArrivesUnderNewOrderId_ShouldStartOnlyTheFirstOrder()
    {
        var first = TestMessages.NewOrder();
        var retry = first with { OrderId = OrderIds.New(), CorrelationId = Guid.NewGuid().ToString() };

        await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(first)), TestMessages.Context(), CancellationToken.None);
        var response = await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(retry)), TestMessages.Context(), CancellationToken.None);

        Assert.Equal((0, first.OrderId), (response.BatchItemFailures.Count, string.Join(",", _workflow.Started)));
    }

    [Fact]
    public async Task GetAsync_WhenOrderIdWasHandedToARetriedRequest_ShouldAnswerWithTheFirstOrder()
    {
        var first = TestMessages.NewOrder();
        var retry = first with { OrderId = OrderIds.New() };
        await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(first), TestMessages.Message(retry)), TestMessages.Context(), CancellationToken.None);

        var view = await Orders.GetAsync(retry.OrderId, CancellationToken.None);

        Assert.Equal(first.OrderId, view?.OrderId);
    }

    [Fact]
    public async Task HandleAsync_WhenIdempotencyKeyIsReusedForADifferentRequest_ShouldFailTheMessageAndNotStartIt()
    {
        var first = TestMessages.NewOrder();
        var other = first with { OrderId = OrderIds.New(), Lines = [new OrderLine("SKU-A", 9, 1000)] };
        var otherMessage = TestMessages.Message(other);

        var response = await Intake.HandleAsync(TestMessages.Batch(TestMessages.Message(first), otherMessage), TestMessages.Context(), CancellationToken.None);

        Assert.Equal(
            (otherMessage.MessageId, first.OrderId),
            (string.Join(",", response.BatchItemFailures.Select(f => f.ItemIdentifier)), string.Join(",", _workflow.Started)));
    }
}
