using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Fulfilment.Emulators;
using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>
/// The new-orders queue survives a stop of the SQS emulator (which keeps memory only) with honest receive counts: two
/// emulators in a row stand for the stack's stop and start.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QueuedMessageArchiveTests : IDisposable
{
    private readonly string _archive = Path.Combine(Path.GetTempPath(), $"queued-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_archive);

    [Fact]
    public async Task Restore_WhenAPoisonMessageWasReceivedTwiceBeforeTheStop_ShouldDeadLetterItAfterOneMoreReceive()
    {
        await KeepAcrossRestartAsync(receivesBeforeStop: 2, async (sqs, queue, dlq) =>
        {
            var third = await ReceiveAsync(sqs, queue);
            var fourth = await ReceiveAsync(sqs, queue);
            var dead = await ReceiveAsync(sqs, dlq);

            Assert.Equal(
                ("3", (string?)null, "poison", "corr-poison"),
                (third?.Attributes["ApproximateReceiveCount"], fourth?.Body, dead?.Body, dead?.MessageAttributes["correlationId"].StringValue));
        });
    }

    [Fact]
    public async Task Restore_WhenAMessageWasNeverReceived_ShouldDeliverItAsNew()
    {
        await KeepAcrossRestartAsync(receivesBeforeStop: 0, async (sqs, queue, _) =>
        {
            var first = await ReceiveAsync(sqs, queue);

            Assert.Equal(("poison", "1"), (first?.Body, first?.Attributes["ApproximateReceiveCount"]));
        });
    }

    /// <summary>Sends one message, receives it <paramref name="receivesBeforeStop"/> times, saves, "restarts", restores, then checks.</summary>
    private async Task KeepAcrossRestartAsync(int receivesBeforeStop, Func<IAmazonSQS, string, string, Task> afterRestart)
    {
        await using (var before = await EmulatorAsync())
        {
            var (queue, _) = await before.CreateAsync();
            await before.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queue,
                MessageBody = "poison",
                MessageAttributes = new() { ["correlationId"] = new MessageAttributeValue { DataType = "String", StringValue = "corr-poison" } },
            });
            for (var i = 0; i < receivesBeforeStop; i++)
            {
                Assert.NotNull(await ReceiveAsync(before.Sqs, queue));
            }

            Assert.Equal(1, await QueuedMessageArchive.SaveAsync(before.Sqs, queue, [], _archive, CancellationToken.None));
        }

        await using var after = await EmulatorAsync();
        var (restoredQueue, dlq) = await after.CreateAsync();
        await QueuedMessageArchive.RestoreAsync(after.Sqs, restoredQueue, dlq, _archive, CancellationToken.None);
        await afterRestart(after.Sqs, restoredQueue, dlq);
    }

    /// <summary>One receive that returns the message to the queue at once (a failed delivery), or null when none is visible.</summary>
    private static async Task<Message?> ReceiveAsync(IAmazonSQS sqs, string queueUrl)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            VisibilityTimeout = 0,
            WaitTimeSeconds = 1,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        });
        return response.Messages?.SingleOrDefault();
    }

    private static async Task<Emulator> EmulatorAsync()
    {
        var fauxqs = await Fauxqs.StartAsync(startupTimeout: TimeSpan.FromSeconds(60));
        return new Emulator(fauxqs, new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig { ServiceURL = fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" }));
    }

    private sealed record Emulator(Fauxqs Fauxqs, AmazonSQSClient Sqs) : IAsyncDisposable
    {
        /// <summary>The stack's own queues: new-orders with its DLQ after 3 receives.</summary>
        public Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateAsync() => Provisioning.CreateQueuesAsync(Sqs, TimeSpan.FromSeconds(30), CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            Sqs.Dispose();
            await Fauxqs.DisposeAsync();
        }
    }
}
