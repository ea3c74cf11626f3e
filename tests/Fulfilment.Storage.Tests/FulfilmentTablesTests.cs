using Fulfilment.Storage;

namespace Fulfilment.Storage.Tests;

public sealed class FulfilmentTablesTests
{
    [Fact]
    public void All_WhenListed_ShouldNameTheFourFixedTables()
    {
        Assert.Equal(
            ["fulfilment-orders", "fulfilment-inventory", "fulfilment-payments", "fulfilment-notifications"],
            FulfilmentTables.All.Select(t => t.Name));
    }

    [Fact]
    public void ToCreateTableRequest_WhenBuilt_ShouldUseStringPkAndSkWithOnDemandBilling()
    {
        var request = TableProvisioner.ToCreateTableRequest(FulfilmentTables.Inventory);

        Assert.Equal(
            ("PAY_PER_REQUEST", "pk:S:HASH sk:S:RANGE"),
            (request.BillingMode.Value,
             string.Join(' ', request.KeySchema.Select(k => $"{k.AttributeName}:{request.AttributeDefinitions.Single(a => a.AttributeName == k.AttributeName).AttributeType.Value}:{k.KeyType.Value}"))));
    }

    [Fact]
    public void WithPrefix_WhenApplied_ShouldOnlyChangeTheName()
    {
        Assert.Equal(FulfilmentTables.Payments with { Name = "t1-fulfilment-payments" }, FulfilmentTables.Payments.WithPrefix("t1-"));
    }

    [Theory]
    [InlineData("01JABC", "ORDER#01JABC")]
    public void Order_WhenGivenAnId_ShouldPrefixIt(string orderId, string expected)
    {
        Assert.Equal(expected, Keys.Order(orderId));
    }

    [Fact]
    public void Sku_WhenEmpty_ShouldRefuse()
    {
        Assert.Throws<ArgumentException>(() => Keys.Sku(" "));
    }
}
