using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>The official .NET AWSSDK.SQS and AWSSDK.DynamoDBv2 clients, pointed at the edge, reach the emulators behind it.</summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ProxyTests(EdgeFixture edge)
{
    [Fact]
    public async Task SendMessage_WhenSentThroughEdge_ShouldBeReceivedThroughEdge()
    {
        using var sqs = edge.SqsThroughEdge();
        var url = (await sqs.CreateQueueAsync("proxy-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        await sqs.SendMessageAsync(url, "hello");

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, WaitTimeSeconds = 5 });
        received.Messages.Single().Body.ShouldBe("hello");
    }

    [Fact]
    public async Task GetItem_WhenPutThroughEdge_ShouldReturnTheItem()
    {
        using var dynamo = edge.DynamoThroughEdge();
        var table = "edge-" + Guid.NewGuid().ToString("N")[..8];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", "S")], KeySchema = [new KeySchemaElement("pk", "HASH")],
        });
        await dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("a"), ["v"] = new("1") });

        var item = await dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("a") });
        item.Item["v"].S.ShouldBe("1");
    }

    [Fact]
    public async Task PutItem_WhenConditionFails_ShouldRaiseTheSdkTypedException()
    {
        using var dynamo = edge.DynamoThroughEdge();
        var table = "edge-" + Guid.NewGuid().ToString("N")[..8];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", "S")], KeySchema = [new KeySchemaElement("pk", "HASH")],
        });
        var put = new PutItemRequest
        {
            TableName = table, Item = new Dictionary<string, AttributeValue> { ["pk"] = new("a") }, ConditionExpression = "attribute_not_exists(pk)",
        };
        await dynamo.PutItemAsync(put);

        await Should.ThrowAsync<ConditionalCheckFailedException>(() => dynamo.PutItemAsync(put));
    }
}
