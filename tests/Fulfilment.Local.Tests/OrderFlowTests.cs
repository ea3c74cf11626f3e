using Fulfilment.Contracts.Orders;

namespace Fulfilment.Local.Tests;

[Collection(StackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OrderFlowTests(StackFixture stack)
{
    [Fact]
    public async Task PostOrder_WhenStockAndPaymentAreFine_ShouldComplete()
    {
        var orderId = await stack.PostOrderAsync("SKU-TEA-SENCHA", 2);

        var order = await stack.WaitForTerminalAsync(orderId);

        Assert.Equal(OrderStatus.Completed, order.Status);
    }

    [Fact]
    public async Task PostOrder_WhenCompleted_ShouldPublishEachStatusOnceInSequence()
    {
        var orderId = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1);
        await stack.WaitForTerminalAsync(orderId);

        var events = await stack.EventsOfAsync(orderId, atLeast: 4);

        Assert.Equal(
            ["Received:1", "InventoryReserved:2", "PaymentCaptured:3", "Completed:4"],
            events.Select(e => $"{e.GetProperty("status").GetString()}:{e.GetProperty("sequence").GetInt32()}").Distinct());
    }

    [Fact]
    public async Task PostOrder_WhenOutOfStock_ShouldBeRejectedAndLeaveStockUnchanged()
    {
        var before = await stack.Stack.Inventory.GetStockAsync("SKU-SOLD-OUT", CancellationToken.None);

        var orderId = await stack.PostOrderAsync("SKU-SOLD-OUT", 1);
        var order = await stack.WaitForTerminalAsync(orderId);

        var after = await stack.Stack.Inventory.GetStockAsync("SKU-SOLD-OUT", CancellationToken.None);
        Assert.Equal((OrderStatus.Rejected, before), (order.Status, after));
    }

    [Fact]
    public async Task PostOrder_WhenPaymentIsDeclined_ShouldFailPaymentAndRestoreStock()
    {
        var before = await stack.Stack.Inventory.GetStockAsync("SKU-KETTLE", CancellationToken.None);

        var orderId = await stack.PostOrderAsync("SKU-KETTLE", 1, paymentToken: "tok_decline");
        var order = await stack.WaitForTerminalAsync(orderId);

        var after = await stack.Stack.Inventory.GetStockAsync("SKU-KETTLE", CancellationToken.None);
        Assert.Equal((OrderStatus.PaymentFailed, before!.Available), (order.Status, after!.Available));
    }

    [Fact]
    public async Task PostOrder_WhenSameIdempotencyKeyPostedTwice_ShouldCreateOneOrder()
    {
        var key = Guid.NewGuid().ToString();

        // As API Gateway does, the API answers the retry with a new id. The queue does not keep order, so either message
        // may reach intake first: that one becomes the order, the other resolves to it and starts nothing.
        var first = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1, idempotencyKey: key);
        var second = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1, idempotencyKey: key);
        var viaFirst = await stack.WaitForTerminalAsync(first);
        var viaSecond = await stack.WaitForTerminalAsync(second);
        var order = viaFirst.OrderId;
        var pointer = order == first ? second : first;
        var received = (await stack.EventsOfAsync(order, atLeast: 4))
            .Where(e => e.GetProperty("status").GetString() == "Received")
            .Select(e => e.GetProperty("eventId").GetString())
            .Distinct() // a delivery may repeat; a second order would be a second event id
            .Count();
        var eventsOfPointer = await stack.EventsOfAsync(pointer, atLeast: 1, within: TimeSpan.FromSeconds(2));

        Assert.NotEqual(first, second);
        Assert.Contains(order, new[] { first, second });
        Assert.Equal((order, 1, 0), (viaSecond.OrderId, received, eventsOfPointer.Count));
    }
}
