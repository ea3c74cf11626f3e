using Amazon.SQS;
using Amazon.SQS.Model;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>The SQS redrive operations the edge adds to fauxqs, called with the official AWSSDK.SQS client.</summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MessageMoveTaskTests(EdgeFixture edge)
{
    [Fact]
    public async Task StartMessageMoveTask_WhenDlqHasMessages_ShouldMoveThemBackToTheSource()
    {
        using var sqs = edge.SqsThroughEdge();
        var (source, dlq, dlqArn) = await SourceWithDlqAsync(sqs);
        for (var i = 0; i < 12; i++)
        {
            await sqs.SendMessageAsync(dlq, $"m{i}");
        }

        await sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = dlqArn });
        await Poll.UntilAsync(
            () => sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = dlqArn }),
            r => r.Results[0].Status == "COMPLETED", "the move task to complete");

        var attributes = await sqs.GetQueueAttributesAsync(source, ["ApproximateNumberOfMessages"]);
        attributes.ApproximateNumberOfMessages.ShouldBe(12);
    }

    [Fact]
    public async Task ListMessageMoveTasks_WhenCompleted_ShouldReportMovedCount()
    {
        using var sqs = edge.SqsThroughEdge();
        var (_, dlq, dlqArn) = await SourceWithDlqAsync(sqs);
        await sqs.SendMessageAsync(dlq, "one");
        await sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = dlqArn, MaxNumberOfMessagesPerSecond = 50 });

        var listed = await Poll.UntilAsync(
            () => sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = dlqArn }),
            r => r.Results[0].Status == "COMPLETED", "the move task to complete");
        listed.Results[0].ApproximateNumberOfMessagesMoved.ShouldBe(1);
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_WhenQueueIsADlq_ShouldListItsSource()
    {
        using var sqs = edge.SqsThroughEdge();
        var (source, dlq, _) = await SourceWithDlqAsync(sqs);

        var response = await sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = dlq });
        response.QueueUrls.ShouldBe([source]);
    }

    [Fact]
    public async Task StartMessageMoveTask_WhenSourceIsNotADlq_ShouldRaiseAnSqsError()
    {
        using var sqs = edge.SqsThroughEdge();
        var plain = (await sqs.CreateQueueAsync("plain-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        var arn = (await sqs.GetQueueAttributesAsync(plain, ["QueueArn"])).QueueARN;

        var error = await Should.ThrowAsync<AmazonSQSException>(() => sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = arn }));
        error.Message.ShouldContain("Dead Letter Queue");
    }

    [Fact]
    public async Task CancelMessageMoveTask_WhenHandleUnknown_ShouldRaiseResourceNotFound()
    {
        using var sqs = edge.SqsThroughEdge();
        await Should.ThrowAsync<ResourceNotFoundException>(() => sqs.CancelMessageMoveTaskAsync(new CancelMessageMoveTaskRequest { TaskHandle = "bm9uZQ==" }));
    }

    private static async Task<(string Source, string Dlq, string DlqArn)> SourceWithDlqAsync(AmazonSQSClient sqs)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var dlq = (await sqs.CreateQueueAsync("dlq-" + suffix)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlq, ["QueueArn"])).QueueARN;
        var source = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "src-" + suffix,
            Attributes = new Dictionary<string, string> { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"1"}""" },
        })).QueueUrl;
        return (source, dlq, dlqArn);
    }
}
