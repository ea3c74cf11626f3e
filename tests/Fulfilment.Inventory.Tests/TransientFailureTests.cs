using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Tests.Support;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

/// <summary>DynamoDB Local never conflicts, so conflicts are injected on the wire in front of it.</summary>
[Trait("Category", "Integration")]
public sealed class TransientFailureTests(DynamoDbLocalFixture dynamo) : InventoryTestBase(dynamo), IClassFixture<DynamoDbLocalFixture>
{
    private static readonly InventoryOptions FastRetries = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task ReserveAsync_WhenConflictsPersist_ShouldRaiseInventoryUnavailable()
    {
        var sku = await StockedSkuAsync(10);
        using var handler = new ConflictInjectingHandler(failures: int.MaxValue);
        using var client = Dynamo.CreateClient(c => c.HttpClientFactory = new ConflictInjectingHttpClientFactory(handler));

        var error = await Assert.ThrowsAsync<NamedErrorException>(
            () => CreateService(client, FastRetries).ReserveAsync(Order(NewOrderId(), (sku, 1)), Ct));

        Assert.Equal((ErrorNames.InventoryUnavailable, true), (error.ErrorName, error.IsTransient));
    }

    [Fact]
    public async Task ReserveAsync_WhenConflictsPersist_ShouldTryExactlyMaxAttemptsAndChangeNothing()
    {
        var sku = await StockedSkuAsync(10);
        using var handler = new ConflictInjectingHandler(failures: int.MaxValue);
        using var client = Dynamo.CreateClient(c => c.HttpClientFactory = new ConflictInjectingHttpClientFactory(handler));

        await Assert.ThrowsAsync<NamedErrorException>(() => CreateService(client, FastRetries).ReserveAsync(Order(NewOrderId(), (sku, 1)), Ct));

        Assert.Equal((4, 10L), (handler.Injected, (await StockAsync(sku)).Available));
    }

    [Fact]
    public async Task ReserveAsync_WhenConflictsClearWithinTheRetries_ShouldReserveOnce()
    {
        var sku = await StockedSkuAsync(10);
        using var handler = new ConflictInjectingHandler(failures: 2);
        using var client = Dynamo.CreateClient(c => c.HttpClientFactory = new ConflictInjectingHttpClientFactory(handler));

        var result = await CreateService(client, FastRetries).ReserveAsync(Order(NewOrderId(), (sku, 3)), Ct);

        Assert.Equal((ReservationStatus.Reserved, 7L), (result.Status, (await StockAsync(sku)).Available));
    }

    [Fact]
    public async Task ReleaseAsync_WhenConflictsClearWithinTheRetries_ShouldReleaseOnce()
    {
        var sku = await StockedSkuAsync(10);
        var orderId = NewOrderId();
        await Service.ReserveAsync(Order(orderId, (sku, 3)), Ct);
        using var handler = new ConflictInjectingHandler(failures: 2);
        using var client = Dynamo.CreateClient(c => c.HttpClientFactory = new ConflictInjectingHttpClientFactory(handler));

        var result = await CreateService(client, FastRetries).ReleaseAsync(new ReservationActionRequest(orderId), Ct);

        Assert.Equal((true, 10L), (result.Changed, (await StockAsync(sku)).Available));
    }
}
