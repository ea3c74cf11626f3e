using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Tests.Support;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

[Trait("Category", "Integration")]
public sealed class ReleaseCommitTests(DynamoDbLocalFixture dynamo) : InventoryTestBase(dynamo), IClassFixture<DynamoDbLocalFixture>
{
    [Fact]
    public async Task ReleaseAsync_WhenReserved_ShouldReturnStockToAvailable()
    {
        var (sku, orderId) = await ReservedAsync(stock: 10, quantity: 4);

        var result = await Service.ReleaseAsync(new ReservationActionRequest(orderId, Reason: "PaymentDeclined"), Ct);

        var stock = await StockAsync(sku);
        Assert.Equal((ReservationStatus.Released, true, 10L, 0L), (result.Status, result.Changed, stock.Available, stock.Reserved));
    }

    [Fact]
    public async Task ReleaseAsync_WhenCalledTwice_ShouldRestoreStockOnce()
    {
        var (sku, orderId) = await ReservedAsync(stock: 10, quantity: 4);

        await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);
        var second = await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        var stock = await StockAsync(sku);
        Assert.Equal((ReservationStatus.Released, false, 10L, 0L), (second.Status, second.Changed, stock.Available, stock.Reserved));
    }

    [Fact]
    public async Task ReleaseAsync_WhenOrderIsUnknown_ShouldSucceedWithoutChange()
    {
        var result = await Service.ReleaseAsync(new ReservationActionRequest(NewOrderId()), Ct);

        Assert.Equal((null, false), (result.Status, result.Changed));
    }

    [Fact]
    public async Task ReleaseAsync_WhenOrderIsUnknown_ShouldLogTheNoOp()
    {
        var orderId = NewOrderId();

        await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        Assert.Contains(Logger.Lines, l => l.Message.Contains(orderId) && l.Message.Contains("no-op"));
    }

    [Fact]
    public async Task ReleaseAsync_WhenCommitted_ShouldRefuseWithReservationStateConflict()
    {
        var (_, orderId) = await ReservedAsync(stock: 5, quantity: 1);
        await Service.CommitAsync(new ReservationActionRequest(orderId), Ct);

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct));

        Assert.Equal(ErrorNames.ReservationStateConflict, error.ErrorName);
    }

    [Fact]
    public async Task CommitAsync_WhenReserved_ShouldMoveStockFromReservedToSold()
    {
        var (sku, orderId) = await ReservedAsync(stock: 10, quantity: 4);

        var result = await Service.CommitAsync(new ReservationActionRequest(orderId), Ct);

        var stock = await StockAsync(sku);
        Assert.Equal((ReservationStatus.Committed, true, 6L, 0L, 4L), (result.Status, result.Changed, stock.Available, stock.Reserved, stock.Sold));
    }

    [Fact]
    public async Task CommitAsync_WhenCalledTwice_ShouldSellOnce()
    {
        var (sku, orderId) = await ReservedAsync(stock: 10, quantity: 4);

        await Service.CommitAsync(new ReservationActionRequest(orderId), Ct);
        var second = await Service.CommitAsync(new ReservationActionRequest(orderId), Ct);

        Assert.Equal((false, 4L), (second.Changed, (await StockAsync(sku)).Sold));
    }

    [Fact]
    public async Task CommitAsync_WhenReleased_ShouldRefuseWithReservationStateConflict()
    {
        var (_, orderId) = await ReservedAsync(stock: 5, quantity: 1);
        await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.CommitAsync(new ReservationActionRequest(orderId), Ct));

        Assert.Equal(ErrorNames.ReservationStateConflict, error.ErrorName);
    }

    [Fact]
    public async Task CommitAsync_WhenReleased_ShouldLeaveStockUntouched()
    {
        var (sku, orderId) = await ReservedAsync(stock: 5, quantity: 2);
        await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        await Assert.ThrowsAsync<NamedErrorException>(() => Service.CommitAsync(new ReservationActionRequest(orderId), Ct));

        var stock = await StockAsync(sku);
        Assert.Equal((5L, 0L, 0L), (stock.Available, stock.Reserved, stock.Sold));
    }

    [Fact]
    public async Task CommitAsync_WhenOrderIsUnknown_ShouldRefuseWithReservationStateConflict()
    {
        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.CommitAsync(new ReservationActionRequest(NewOrderId()), Ct));

        Assert.Equal(ErrorNames.ReservationStateConflict, error.ErrorName);
    }

    [Fact]
    public async Task ReleaseAsync_WhenOrderHadSeveralLines_ShouldRestoreEverySku()
    {
        var a = await StockedSkuAsync(5, "a");
        var b = await StockedSkuAsync(5, "b");
        var orderId = NewOrderId();
        await Service.ReserveAsync(Order(orderId, (a, 2), (b, 3)), Ct);

        await Service.ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        Assert.Equal((5L, 5L), ((await StockAsync(a)).Available, (await StockAsync(b)).Available));
    }

    private async Task<(string Sku, string OrderId)> ReservedAsync(int stock, int quantity)
    {
        var sku = await StockedSkuAsync(stock);
        var orderId = NewOrderId();
        await Service.ReserveAsync(Order(orderId, (sku, quantity)), Ct);
        return (sku, orderId);
    }
}
