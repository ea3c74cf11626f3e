using Amazon.DynamoDBv2.Model;
using Fulfilment.Storage;
using Fulfilment.Testing;

namespace Fulfilment.Inventory.Tests;

[Trait("Category", "Integration")]
public sealed class DynamoDbLocalFixtureTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>
{
    [Fact]
    public async Task InitializeAsync_WhenStarted_ShouldCreateAllFourTablesUnderItsPrefix()
    {
        var names = new List<string>();
        string? start = null;
        do
        {
            var page = await dynamo.Client.ListTablesAsync(new ListTablesRequest { ExclusiveStartTableName = start });
            names.AddRange(page.TableNames ?? []);
            start = page.LastEvaluatedTableName;
        }
        while (start is not null);

        Assert.Subset(names.ToHashSet(), FulfilmentTables.All.Select(dynamo.TableName).ToHashSet());
    }

    [Fact]
    public async Task EnsureTablesAsync_WhenTablesExist_ShouldLeaveThemAndSucceed()
    {
        await TableProvisioner.EnsureTablesAsync(dynamo.Client, dynamo.Tables);

        var description = await dynamo.Client.DescribeTableAsync(dynamo.InventoryTable);
        Assert.Equal("PAY_PER_REQUEST", description.Table.BillingModeSummary?.BillingMode?.Value);
    }

    [Fact]
    public async Task CreateFreshTablesAsync_WhenCalled_ShouldIsolateItemsFromTheFixtureTables()
    {
        var fresh = await dynamo.CreateFreshTablesAsync();
        var inventory = fresh.Single(t => t.Name.EndsWith(FulfilmentTables.Inventory.Name, StringComparison.Ordinal)).Name;
        await dynamo.Client.PutItemAsync(inventory, Keys.Item(Keys.Sku("isolated"), "STOCK"));

        var inFixtureTable = await dynamo.Client.GetItemAsync(dynamo.InventoryTable, Keys.Item(Keys.Sku("isolated"), "STOCK"));
        Assert.False(inFixtureTable.IsItemSet);
    }
}
