using Amazon.CDK.Assertions;
using Fulfilment.Storage;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class DataTablesTests(SynthesizedApp app)
{
    public static TheoryData<string> TableNames => [.. FulfilmentTables.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TableNames))]
    public void Table_WhenSynthesized_ShouldHaveTheKeysOfTheSharedDefinition(string name)
    {
        var definition = FulfilmentTables.All.Single(t => t.Name == name);
        app.ProdTemplate.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["TableName"] = definition.Name,
            ["KeySchema"] = new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = definition.PartitionKey, ["KeyType"] = "HASH" },
                new Dictionary<string, object> { ["AttributeName"] = definition.SortKey, ["KeyType"] = "RANGE" },
            },
            ["BillingMode"] = TableDefinition.BillingMode,
        });
    }

    [Fact]
    public void Tables_WhenSynthesized_ShouldBeExactlyTheSharedDefinitions()
    {
        var names = app.ProdJson.Resources("AWS::DynamoDB::Table").Select(t => (string)t.Resource.Properties()["TableName"]!).Order();
        Assert.Equal(FulfilmentTables.All.Select(t => t.Name).Order(), names);
    }

    [Fact]
    public void Tables_WhenProductionStage_ShouldHaveDeletionProtectionAndPointInTimeRecovery()
    {
        app.ProdTemplate.AllResourcesProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["DeletionProtectionEnabled"] = true,
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
        }));
    }

    [Fact]
    public void Tables_WhenDevStage_ShouldNotHaveDeletionProtection()
    {
        app.DevTemplate.AllResourcesProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["DeletionProtectionEnabled"] = false,
        }));
    }

    [Fact]
    public void Tables_WhenSynthesized_ShouldBeEncryptedWithKms()
    {
        app.ProdTemplate.AllResourcesProperties("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["SSESpecification"] = new Dictionary<string, object> { ["SSEEnabled"] = true },
        }));
    }

    [Fact]
    public void Tables_WhenProductionStage_ShouldBeRetainedOnStackDeletion()
    {
        app.ProdTemplate.AllResources("AWS::DynamoDB::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
        }));
    }
}
