using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Tests.Support;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

[Trait("Category", "Integration")]
public sealed class ReserveTests(DynamoDbLocalFixture dynamo) : InventoryTestBase(dynamo), IClassFixture<DynamoDbLocalFixture>
{
    [Fact]
    public async Task ReserveAsync_WhenStockSuffices_ShouldMoveQuantityFromAvailableToReserved()
    {
        var sku = await StockedSkuAsync(10);

        var result = await Service.ReserveAsync(Order(NewOrderId(), (sku, 3)), Ct);

        Assert.Equal((ReservationStatus.Reserved, false), (result.Status, result.Replayed));
        var stock = await StockAsync(sku);
        Assert.Equal((7L, 3L, 0L), (stock.Available, stock.Reserved, stock.Sold));
    }

    [Fact]
    public async Task ReserveAsync_WhenStockSuffices_ShouldStoreTheReservationWithItsLines()
    {
        var sku = await StockedSkuAsync(10);
        var orderId = NewOrderId();

        await Service.ReserveAsync(Order(orderId, (sku, 3)) with { CorrelationId = "corr-1" }, Ct);

        var r = await Service.GetReservationAsync(orderId, Ct);
        Assert.Equal((ReservationStatus.Reserved, new StockLine(sku, 3), Time.GetUtcNow(), "corr-1"), (r!.Status, r.Lines.Single(), r.ReservedAt, r.CorrelationId));
    }

    [Fact]
    public async Task ReserveAsync_WhenSomeLinesAreShort_ShouldWriteNothingAndNameEveryShortSku()
    {
        var plenty = await StockedSkuAsync(10, "plenty");
        var short1 = await StockedSkuAsync(1, "short1");
        var missing = NewSku("missing");
        var orderId = NewOrderId();

        var error = await Assert.ThrowsAsync<InsufficientStockException>(
            () => Service.ReserveAsync(Order(orderId, (plenty, 2), (short1, 5), (missing, 1)), Ct));

        Assert.Equal(
            new[] { new StockShortage(missing, 1, 0), new StockShortage(short1, 5, 1) }.OrderBy(s => s.Sku, StringComparer.Ordinal),
            error.Shortages.OrderBy(s => s.Sku, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReserveAsync_WhenOneLineIsShort_ShouldLeaveEveryStockItemAndNoReservation()
    {
        var plenty = await StockedSkuAsync(10, "plenty");
        var scarce = await StockedSkuAsync(1, "scarce");
        var orderId = NewOrderId();

        await Assert.ThrowsAsync<InsufficientStockException>(() => Service.ReserveAsync(Order(orderId, (plenty, 2), (scarce, 2)), Ct));

        var state = (await StockAsync(plenty), await StockAsync(scarce), await Service.GetReservationAsync(orderId, Ct));
        Assert.Equal((10L, 0L, 1L, 0L, (Reservation?)null), (state.Item1.Available, state.Item1.Reserved, state.Item2.Available, state.Item2.Reserved, state.Item3));
    }

    [Fact]
    public async Task ReserveAsync_WhenLinesRepeatASku_ShouldMergeThemIntoOneReservationLine()
    {
        var sku = await StockedSkuAsync(10);

        var result = await Service.ReserveAsync(Order(NewOrderId(), (sku, 2), (sku, 3)), Ct);

        Assert.Equal([new StockLine(sku, 5)], result.Lines);
    }

    [Fact]
    public async Task ReserveAsync_WhenCalledTwiceWithTheSameToken_ShouldDecrementOnceAndReplay()
    {
        var sku = await StockedSkuAsync(10);
        var request = Order(NewOrderId(), (sku, 4));

        var first = await Service.ReserveAsync(request, Ct);
        var second = await Service.ReserveAsync(request, Ct);

        // DynamoDB acknowledges an identical request within the token window without telling it apart from the
        // first, so the result is the same reservation (Replayed stays false); the stock moved once.
        Assert.Equal((first.Status, first.ReservedAt, 6L), (second.Status, second.ReservedAt, (await StockAsync(sku)).Available));
    }

    [Fact]
    public async Task ReserveAsync_WhenRepeatedWithANewToken_ShouldDecrementOnceAndReturnTheSameReservation()
    {
        var sku = await StockedSkuAsync(10);
        var request = Order(NewOrderId(), (sku, 4));
        var first = await Service.ReserveAsync(request, Ct);
        var afterTokenWindow = CreateService(options: new InventoryOptions { TokenScope = "later:" });
        Time.Advance(TimeSpan.FromMinutes(11));

        var second = await afterTokenWindow.ReserveAsync(request, Ct);

        Assert.Equal((first.ReservedAt, first.Lines.Single(), true, 6L), (second.ReservedAt, second.Lines.Single(), second.Replayed, (await StockAsync(sku)).Available));
    }

    [Fact]
    public async Task ReserveAsync_WhenTheSameTokenCarriesAnotherTimestamp_ShouldReplayTheStoredReservation()
    {
        var sku = await StockedSkuAsync(10);
        var request = Order(NewOrderId(), (sku, 4));
        var first = await Service.ReserveAsync(request, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        var second = await Service.ReserveAsync(request, Ct);

        Assert.Equal((first.ReservedAt, true, 6L), (second.ReservedAt, second.Replayed, (await StockAsync(sku)).Available));
    }

    [Fact]
    public async Task ReserveAsync_WhenTheOrderWasReservedWithOtherLines_ShouldRefuseWithInvalidInput()
    {
        var sku = await StockedSkuAsync(10);
        var orderId = NewOrderId();
        await Service.ReserveAsync(Order(orderId, (sku, 1)), Ct);

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.ReserveAsync(Order(orderId, (sku, 2)), Ct));

        Assert.Equal(ErrorNames.InvalidInput, error.ErrorName);
    }

    [Fact]
    public async Task ReserveAsync_WhenTheTransactionWouldExceedOneHundredActions_ShouldRefuseWithInvalidInput()
    {
        var lines = Enumerable.Range(0, InventoryService.MaxTransactionActions).Select(i => ($"bulk-{i}", 1)).ToArray();

        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.ReserveAsync(Order(NewOrderId(), lines), Ct));

        Assert.Equal(ErrorNames.InvalidInput, error.ErrorName);
    }

    [Fact]
    public async Task ReserveAsync_WhenOrderHasNinetyNineSkus_ShouldReserveThemAllInOneTransaction()
    {
        var skus = new List<string>();
        for (var i = 0; i < InventoryService.MaxTransactionActions - 1; i++)
        {
            skus.Add(await StockedSkuAsync(1, "wide"));
        }

        var result = await Service.ReserveAsync(Order(NewOrderId(), [.. skus.Select(s => (s, 1))]), Ct);

        Assert.Equal(99, result.Lines.Count);
    }

    [Theory]
    [InlineData("", "sku", 1)]
    [InlineData("order", "", 1)]
    [InlineData("order", "sku", 0)]
    [InlineData("order", "sku", -3)]
    public async Task ReserveAsync_WhenInputIsInvalid_ShouldRefuseWithInvalidInput(string orderId, string sku, int quantity)
    {
        var error = await Assert.ThrowsAsync<NamedErrorException>(() => Service.ReserveAsync(Order(orderId, (sku, quantity)), Ct));

        Assert.Equal(ErrorNames.InvalidInput, error.ErrorName);
    }
}
