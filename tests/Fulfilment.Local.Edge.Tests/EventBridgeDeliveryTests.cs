using Amazon.SQS.Model;
using Fulfilment.Aws.EventBridge.Model;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>Rules and targets made with our EventBridge client through the edge deliver to real SQS queues.</summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EventBridgeDeliveryTests(EdgeFixture edge)
{
    [Fact]
    public async Task PutEvents_WhenRuleTargetsQueue_ShouldDeliverTheEventToTheQueue()
    {
        using var sqs = edge.SqsThroughEdge();
        using var events = edge.EventBridge();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var queue = await sqs.CreateQueueAsync("eb-target-" + suffix);
        var arn = (await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"])).QueueARN;
        await events.CreateEventBusAsync(new CreateEventBusRequest { Name = "bus-" + suffix });
        await events.PutRuleAsync(new PutRuleRequest { Name = "r", EventBusName = "bus-" + suffix, EventPattern = """{ "detail-type": ["OrderStatusChanged"] }""" });
        await events.PutTargetsAsync(new PutTargetsRequest { Rule = "r", EventBusName = "bus-" + suffix, Targets = [new Target { Id = "q", Arn = arn }] });

        var put = await events.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { EventBusName = "bus-" + suffix, Source = "fulfilment.orders", DetailType = "OrderStatusChanged", Detail = """{"orderId":"o-9"}""" }],
        });

        var received = await Poll.UntilAsync(
            () => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queue.QueueUrl, WaitTimeSeconds = 1 }),
            r => r.Messages is { Count: > 0 }, "delivery to the SQS target");
        received.Messages[0].Body.ShouldContain(put.Entries[0].EventId!);
    }

    [Fact]
    public async Task PutEvents_WhenTargetKeepsFailing_ShouldSendTheEventToTheRuleDlq()
    {
        using var sqs = edge.SqsThroughEdge();
        using var events = edge.EventBridge();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var dlq = await sqs.CreateQueueAsync("eb-dlq-" + suffix);
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlq.QueueUrl, ["QueueArn"])).QueueARN;
        await events.PutRuleAsync(new PutRuleRequest { Name = "failing-" + suffix, EventPattern = $$"""{ "source": ["{{suffix}}"] }""" });
        await events.PutTargetsAsync(new PutTargetsRequest
        {
            Rule = "failing-" + suffix,
            Targets = [new Target { Id = "down", Arn = "http://127.0.0.1:9/nothing-listens", DeadLetterConfig = new DeadLetterConfig { Arn = dlqArn }, RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 1 } }],
        });

        await events.PutEventsAsync(new PutEventsRequest { Entries = [new PutEventsRequestEntry { Source = suffix, DetailType = "T", Detail = "{}" }] });

        var received = await Poll.UntilAsync(
            () => sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq.QueueUrl, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] }),
            r => r.Messages is { Count: > 0 }, "dead-lettering");
        received.Messages[0].MessageAttributes["RULE_ARN"].StringValue.ShouldEndWith("rule/failing-" + suffix);
    }
}
