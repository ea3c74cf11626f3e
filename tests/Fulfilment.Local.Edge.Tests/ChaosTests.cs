using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge.Model;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>Chaos rules make the edge answer the faults DynamoDB Local and the local bus never produce on their own.</summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ChaosTests(EdgeFixture edge)
{
    [Fact]
    public async Task TransactWriteItems_WhenConflictInjected_ShouldRaiseTransactionCanceledWithConflictReasons()
    {
        await using var chaotic = await ChaoticEdgeAsync(new ChaosRule { Operation = "TransactWriteItems", Fault = ChaosFault.TransactionConflict });
        using var dynamo = new AmazonDynamoDBClient(EdgeFixture.Credentials, new AmazonDynamoDBConfig { ServiceURL = chaotic.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var error = await Should.ThrowAsync<TransactionCanceledException>(() => dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Put = new Put { TableName = "t", Item = new Dictionary<string, AttributeValue> { ["pk"] = new("a") } } },
                new TransactWriteItem { Put = new Put { TableName = "t", Item = new Dictionary<string, AttributeValue> { ["pk"] = new("b") } } },
            ],
        }));
        error.CancellationReasons.Select(r => r.Code).ShouldBe(["TransactionConflict", "TransactionConflict"]);
    }

    [Fact]
    public async Task PutEvents_WhenThrottlingAlwaysInjected_ShouldRaiseThrottlingAfterRetries()
    {
        await using var chaotic = await ChaoticEdgeAsync(new ChaosRule { Operation = "PutEvents", Fault = ChaosFault.Throttling });
        using var events = new Fulfilment.Aws.EventBridge.EventBridgeClient(new AwsClientConfig
        {
            ServiceUrl = chaotic.Endpoint, Region = "us-east-1", Credentials = EdgeFixture.Credentials, MaxAttempts = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        await Should.ThrowAsync<Fulfilment.Aws.ThrottlingException>(() => events.PutEventsAsync(new PutEventsRequest { Entries = [new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" }] }));
    }

    [Fact]
    public async Task PutEvents_WhenHalfTheCallsAreThrottled_ShouldSucceedThroughClientRetries()
    {
        await using var chaotic = await ChaoticEdgeAsync(new ChaosRule { Operation = "PutEvents", Fault = ChaosFault.Throttling, Rate = 0.5 }, seed: 7);
        using var events = new Fulfilment.Aws.EventBridge.EventBridgeClient(new AwsClientConfig
        {
            ServiceUrl = chaotic.Endpoint, Region = "us-east-1", Credentials = EdgeFixture.Credentials, MaxAttempts = 12, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        for (var i = 0; i < 5; i++)
        {
            var response = await events.PutEventsAsync(new PutEventsRequest { Entries = [new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" }] });
            response.FailedEntryCount.ShouldBe(0);
        }
    }

    [Fact]
    public async Task GetItem_WhenServerErrorInjected_ShouldAnswerHttp500()
    {
        await using var chaotic = await ChaoticEdgeAsync(new ChaosRule { Operation = "DynamoDB_20120810.GetItem", Fault = ChaosFault.ServerError });
        using var dynamo = new AmazonDynamoDBClient(EdgeFixture.Credentials, new AmazonDynamoDBConfig { ServiceURL = chaotic.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var error = await Should.ThrowAsync<InternalServerErrorException>(() => dynamo.GetItemAsync("t", new Dictionary<string, AttributeValue> { ["pk"] = new("a") }));
        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.InternalServerError);
    }

    private Task<EdgeServer> ChaoticEdgeAsync(ChaosRule rule, int? seed = null) =>
        EdgeServer.StartAsync(
            new EdgeOptions { Port = 0, DynamoDbEndpoint = new Uri(edge.DynamoDbDirect), SqsEndpoint = edge.SqsDirect, Chaos = new ChaosOptions { Rules = [rule], Seed = seed } },
            edge.Bus);
}
