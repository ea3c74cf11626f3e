using System.Collections.Concurrent;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Lambda.Sqs;
using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>The SQS → Lambda event source mapping against the real fauxqs emulator and an in-process function.</summary>
[Trait("Category", "Integration")]
public sealed class SqsEventSourceMappingTests(FauxqsFixture sqs) : IClassFixture<FauxqsFixture>
{
    private const string Function = "fn-consumer";
    private readonly ConcurrentQueue<SQSEvent> _batches = new();
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task Start_WhenMessagesAreWaiting_ShouldDeliverThemInBatches()
    {
        var (queue, _) = await sqs.CreateQueueAsync();
        await sqs.SendAsync(queue, "m1", "m2", "m3", "m4", "m5");
        await using var lambda = await StartFunctionAsync(_ => []);

        await using (await StartMappingAsync(lambda, queue, TimeSpan.FromMilliseconds(500)))
        {
            await TestSupport.UntilAsync(() => Delivered().Count >= 5);
        }

        _batches.Count.ShouldBeLessThan(5, "five waiting messages and a batching window must not need five invocations");
    }

    [Fact]
    public async Task Start_WhenMessageIsDelivered_ShouldShapeTheRecordAsLambdaDoes()
    {
        var (queue, _) = await sqs.CreateQueueAsync();
        await sqs.SendAsync(queue, "shape");
        await using var lambda = await StartFunctionAsync(_ => []);
        await using (var mapping = await StartMappingAsync(lambda, queue))
        {
            await TestSupport.UntilAsync(() => !_batches.IsEmpty);
        }

        var record = _batches.First().Records.Single();
        record.ShouldSatisfyAllConditions(
            r => r.Body.ShouldBe("shape"),
            r => r.EventSource.ShouldBe("aws:sqs"),
            r => r.EventSourceArn.ShouldNotBeNull().ShouldStartWith("arn:aws:sqs:us-east-1:"),
            r => r.AwsRegion.ShouldBe("us-east-1"),
            r => r.ReceiptHandle.ShouldNotBeNullOrEmpty(),
            r => r.Md5OfBody.ShouldNotBeNullOrEmpty(),
            r => r.Attributes["ApproximateReceiveCount"].ShouldBe("1"),
            r => r.Attributes.Keys.ShouldContain("SentTimestamp"),
            r => r.Attributes.Keys.ShouldContain("ApproximateFirstReceiveTimestamp"),
            r => r.MessageAttributes["correlationId"].StringValue.ShouldBe("corr-shape"),
            r => r.MessageAttributes["correlationId"].DataType.ShouldBe("String"));
    }

    [Fact]
    public async Task Start_WhenFunctionReportsPartialFailure_ShouldLeaveOnlyTheFailedMessagesOnTheQueue()
    {
        var (queue, _) = await sqs.CreateQueueAsync(visibilityTimeoutSeconds: 2);
        await sqs.SendAsync(queue, "ok-1", "fail-2", "ok-3", "fail-4");
        await using var lambda = await StartFunctionAsync(FailBodiesStartingWith("fail"));
        await using (var mapping = await StartMappingAsync(lambda, queue))
        {
            await TestSupport.UntilAsync(() => Delivered().Distinct().Count() == 4 && mapping.MessagesDeleted == 2);
        }

        (await sqs.DrainAsync(queue, 2)).Order().ShouldBe(["fail-2", "fail-4"]);
    }

    [Fact]
    public async Task Start_WhenFunctionFailsAsAWhole_ShouldDeleteNoMessage()
    {
        var (queue, _) = await sqs.CreateQueueAsync(visibilityTimeoutSeconds: 30);
        await sqs.SendAsync(queue, "a", "b");
        await using var lambda = await StartFunctionAsync(_ => throw new InvalidOperationException("database down"));
        await using (await StartMappingAsync(lambda, queue))
        {
            await TestSupport.UntilAsync(() => Delivered().Count >= 2);
        }

        (await sqs.CountAsync(queue)).ShouldBe(2);
    }

    [Fact]
    public async Task Start_WhenMessageAlwaysFails_ShouldMoveItToTheDlqAfterMaxReceiveCount()
    {
        var (queue, dlq) = await sqs.CreateQueueAsync(visibilityTimeoutSeconds: 1, maxReceiveCount: 3);
        await sqs.SendAsync(queue, "poison", "good");
        await using var lambda = await StartFunctionAsync(FailBodiesStartingWith("poison"));
        await using var mapping = await StartMappingAsync(lambda, queue);

        var dead = await sqs.DrainAsync(dlq!, 1);

        (dead.SingleOrDefault(), Delivered().Count(b => b == "poison")).ShouldBe(("poison", 3), string.Join('\n', _log));
    }

    [Fact]
    public async Task DisposeAsync_WhenBatchIsInFlight_ShouldFinishAndDeleteItBeforeReturning()
    {
        var (queue, _) = await sqs.CreateQueueAsync(visibilityTimeoutSeconds: 30);
        await sqs.SendAsync(queue, "slow");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var lambda = await StartFunctionAsync(_ =>
        {
            started.TrySetResult();
            Thread.Sleep(1000); // the handler is still busy when the mapping is told to stop
            return [];
        });
        var mapping = await StartMappingAsync(lambda, queue);
        await started.Task.WaitAsync(TestSupport.Deadline);

        await mapping.DisposeAsync();

        (mapping.MessagesDeleted, await sqs.CountAsync(queue)).ShouldBe((1, 0));
    }

    [Fact]
    public async Task HiddenFailedMessages_WhenOneMessageOfABatchFailed_ShouldHoldItWithItsReceiveCount()
    {
        var (queue, _) = await sqs.CreateQueueAsync(visibilityTimeoutSeconds: 300);
        await sqs.SendAsync(queue, "poison", "good");
        await using var lambda = await StartFunctionAsync(FailBodiesStartingWith("poison"));
        var mapping = await StartMappingAsync(lambda, queue);
        await TestSupport.UntilAsync(() => Delivered().Contains("poison") && Delivered().Contains("good"));

        await mapping.DisposeAsync();

        mapping.HiddenFailedMessages.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            m => m.Body.ShouldBe("poison"),
            m => m.Attributes["ApproximateReceiveCount"].ShouldBe("1"));
    }

    private List<string> Delivered() => [.. _batches.SelectMany(b => b.Records).Select(r => r.Body)];

    private static Func<SQSEvent, List<string>> FailBodiesStartingWith(string prefix) =>
        batch => [.. batch.Records.Where(r => r.Body.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.MessageId)];

    /// <summary>An in-process function that records each batch and fails the message ids <paramref name="failures"/> returns.</summary>
    private Task<LocalLambdaService> StartFunctionAsync(Func<SQSEvent, List<string>> failures)
    {
        var registry = new LambdaHandlerRegistry().Add(
            "consume",
            LambdaEventsJsonContext.Default.SQSEvent,
            LambdaEventsJsonContext.Default.SQSBatchResponse,
            (batch, _, _) =>
            {
                _batches.Enqueue(batch);
                var failed = failures(batch);
                return Task.FromResult(new SQSBatchResponse([.. failed.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id })]));
            });
        return LocalLambdaService.StartAsync([new LocalLambdaFunction { Name = Function, Handler = "consume", Registry = registry }]);
    }

    private Task<SqsEventSourceMapping> StartMappingAsync(LocalLambdaService lambda, string queue, TimeSpan? window = null) =>
        SqsEventSourceMapping.StartAsync(sqs.Endpoint, lambda, new SqsEventSourceMappingOptions
        {
            QueueUrl = queue,
            FunctionName = Function,
            MaximumBatchingWindow = window ?? TimeSpan.Zero,
            WaitTimeSeconds = 20,
            Log = _log.Enqueue,
        });
}
