using System.Collections.Concurrent;
using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Tests.Support;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

/// <summary>Races real callers against DynamoDB Local; sizes are small enough to finish in seconds on 2 cores.</summary>
[Trait("Category", "Integration")]
public sealed class ConcurrencyTests(DynamoDbLocalFixture dynamo) : InventoryTestBase(dynamo), IClassFixture<DynamoDbLocalFixture>
{
    private const int Workers = 16;

    [Fact]
    public async Task ReserveAsync_When500OrdersRaceFor100Units_ShouldReserveExactly100()
    {
        var (sku, outcomes, _) = await RaceForHotSkuAsync();

        Assert.Equal((100, 400), (outcomes.Count(o => o == "Reserved"), outcomes.Count(o => o == ErrorNames.InsufficientStock)));
    }

    [Fact]
    public async Task ReserveAsync_When500OrdersRaceFor100Units_ShouldNeverShowNegativeAvailableAndKeepTheInvariant()
    {
        var (sku, _, minimumSeen) = await RaceForHotSkuAsync();

        var stock = await StockAsync(sku);
        Assert.Equal((true, 0L, 100L, 100L), (minimumSeen >= 0, stock.Available, stock.Reserved, stock.Available + stock.Reserved + stock.Sold));
    }

    [Fact]
    public async Task MixedOperations_WhenRacingOn50Skus_ShouldKeepAvailablePlusReservedPlusSoldEqualToStockAdded()
    {
        const int skuCount = 50, stockPerSku = 20, orders = 300;
        var skus = new List<string>();
        for (var i = 0; i < skuCount; i++)
        {
            skus.Add(await StockedSkuAsync(stockPerSku, "mix"));
        }

        var random = new Random(5);
        var plans = Enumerable.Range(0, orders).Select(_ => new
        {
            Request = Order(NewOrderId(), [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => (skus[random.Next(skuCount)], random.Next(1, 4)))]),
            Then = random.Next(3), // 0 release, 1 commit, 2 leave reserved
            Duplicate = random.Next(4) == 0,
        }).ToList();

        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (plan, ct) =>
        {
            try
            {
                await Service.ReserveAsync(plan.Request, ct);
            }
            catch (InsufficientStockException)
            {
                return;
            }

            var action = new ReservationActionRequest(plan.Request.OrderId);
            Func<Task> step = plan.Then switch
            {
                0 => () => Service.ReleaseAsync(action, ct),
                1 => () => Service.CommitAsync(action, ct),
                _ => () => Service.ReserveAsync(plan.Request, ct),
            };

            // A duplicate runs the same step concurrently, as an at-least-once caller would.
            await Task.WhenAll(plan.Duplicate ? [step(), step()] : new[] { step() });
        });

        var levels = await Service.ListStockAsync(Ct);
        var broken = levels.Where(l => skus.Contains(l.Sku) && l.Available + l.Reserved + l.Sold != stockPerSku).ToList();
        Assert.Empty(broken);
    }

    [Fact]
    public async Task MixedOperations_WhenRacing_ShouldKeepReservedEqualToTheOpenReservations()
    {
        var sku = await StockedSkuAsync(60, "open");
        var orderIds = Enumerable.Range(0, 40).Select(_ => NewOrderId()).ToList();

        await Parallel.ForEachAsync(orderIds.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (o, ct) =>
        {
            await Service.ReserveAsync(Order(o.id, (sku, 1)), ct);
            if (o.i % 2 == 0)
            {
                await Task.WhenAll(Service.ReleaseAsync(new ReservationActionRequest(o.id), ct), Service.ReleaseAsync(new ReservationActionRequest(o.id), ct));
            }
        });

        var stock = await StockAsync(sku);
        Assert.Equal((20L, 40L), (stock.Reserved, stock.Available));
    }

    private async Task<(string Sku, ConcurrentBag<string> Outcomes, long MinimumSeen)> RaceForHotSkuAsync()
    {
        var sku = await StockedSkuAsync(100, "hot");
        var outcomes = new ConcurrentBag<string>();
        using var done = new CancellationTokenSource();

        // Reads the stock item while the race runs: a negative value at any moment would be a lost condition.
        var sampler = Task.Run(async () =>
        {
            var minimum = long.MaxValue;
            while (!done.IsCancellationRequested)
            {
                minimum = Math.Min(minimum, (await StockAsync(sku)).Available);
            }

            return minimum;
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (_, ct) =>
        {
            try
            {
                var result = await Service.ReserveAsync(Order(NewOrderId(), (sku, 1)), ct);
                outcomes.Add(result.Status.ToString());
            }
            catch (NamedErrorException ex)
            {
                outcomes.Add(ex.ErrorName);
            }
        });

        await done.CancelAsync();
        return (sku, outcomes, await sampler);
    }
}
