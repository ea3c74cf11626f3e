using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class OrderEventsTests(SynthesizedApp app)
{
    [Fact]
    public void Bus_WhenSynthesized_ShouldArchiveTheOrderEvents()
    {
        var busId = app.ProdJson.IdWhere("AWS::Events::EventBus", "Name", Catalogue.EventBusName);
        app.ProdTemplate.HasResourceProperties("AWS::Events::Archive", new Dictionary<string, object>
        {
            ["SourceArn"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { busId, "Arn" } },
            ["EventPattern"] = new Dictionary<string, object> { ["source"] = new[] { Catalogue.EventSource } },
        });
    }

    [Fact]
    public void ExampleSubscriber_WhenSynthesized_ShouldMatchCompletedStatusEventsOnTheBus()
    {
        app.ProdTemplate.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["Name"] = "fulfilment-example-completed-orders",
            ["EventPattern"] = new Dictionary<string, object>
            {
                ["source"] = new[] { Catalogue.EventSource },
                ["detail-type"] = new[] { "OrderStatusChanged" },
                ["detail"] = new Dictionary<string, object> { ["status"] = new[] { "Completed" } },
            },
        });
    }

    [Fact]
    public void Schema_WhenSynthesized_ShouldPublishOrderStatusChangedAsDraft04()
    {
        var schema = app.ProdJson.Resources("AWS::EventSchemas::Schema").Single().Resource.Properties();
        var expected = Draft04Schema.Convert(ContractSchemas.Read(ContractSchemas.OrderStatusChangedV1));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse((string)schema["Content"]!)), "the registry's schema is not the contract's");
    }

    [Fact]
    public void BusPolicy_WhenASubscriberAccountIsGiven_ShouldLetItManageOnlyRulesItCreated()
    {
        app.ProdTemplate.HasResourceProperties("AWS::Events::EventBusPolicy", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Statement"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Principal"] = Match.ObjectLike(new Dictionary<string, object> { ["AWS"] = Match.AnyValue() }),
                ["Condition"] = new Dictionary<string, object>
                {
                    ["StringEqualsIfExists"] = new Dictionary<string, object> { ["events:creatorAccount"] = SynthesizedApp.SubscriberAccount },
                },
            }),
        }));
    }

    [Fact]
    public void BusPolicy_WhenNoSubscriberAccounts_ShouldNotExist()
    {
        app.DevTemplate.ResourceCountIs("AWS::Events::EventBusPolicy", 0);
    }
}
