using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>`stock list|show|add|set` through the inventory service's operations on the local stack's table.</summary>
[Collection(OpsStackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StockTests(OpsStackFixture stack)
{
    [Fact]
    public async Task Add_WhenSkuIsNew_ShouldCreateItWithThatManyAvailable()
    {
        var sku = NewSku();

        await stack.FulfilAsync("stock", "add", sku, "5");
        var result = await stack.FulfilAsync("stock", "add", sku, "3", "--json");

        Assert.Equal(8, result.Json()[0].GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Set_WhenStockTakeDiffers_ShouldReplaceAvailableAndKeepTheVersionGoing()
    {
        var sku = NewSku();
        await stack.FulfilAsync("stock", "add", sku, "10");

        var result = await stack.FulfilAsync("stock", "set", sku, "2", "--json");

        var level = result.Json()[0];
        Assert.Equal((2L, 2L), (level.GetProperty("available").GetInt64(), level.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task Show_WhenSkuWasStockedThroughTheService_ShouldReadItsLevel()
    {
        var sku = NewSku();
        await stack.Stack.Inventory.AddStockAsync(sku, 7, CancellationToken.None);

        var result = await stack.FulfilAsync("stock", "show", sku, "--json");

        Assert.Equal(7, result.Json()[0].GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task Show_WhenSkuWasNeverStocked_ShouldExitOneAndSayHowToAddIt()
    {
        var result = await stack.FulfilAsync("stock", "show", NewSku());

        Assert.True(result.ExitCode == ExitCodes.Failure && result.Error.Contains("fulfil stock add", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task List_WhenJson_ShouldHoldTheSameSkusAsTheTable()
    {
        await stack.FulfilAsync("stock", "add", NewSku(), "1");

        var json = await stack.FulfilAsync("stock", "list", "--json");
        var table = await stack.FulfilAsync("stock", "list");

        var skus = json.Json().EnumerateArray().Select(l => (l.GetProperty("sku").GetString()!, l.GetProperty("available").GetInt64())).ToList();
        var lines = table.Out.Split('\n');
        Assert.True(
            skus.Count > 0 && skus.All(s => lines.Any(line => line.Contains(s.Item1, StringComparison.Ordinal) && line.Contains($" {s.Item2} ", StringComparison.Ordinal))),
            $"{json}\n{table}");
    }

    private static string NewSku() => "SKU-OPS-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
}
