using Amazon.SQS.Model;
using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>
/// A poison message on the new-orders queue is neither lost nor given fresh receives by a stop: the stack keeps it with
/// its receive count, and it reaches the DLQ after maxReceiveCount (3) failed receives in all, across the restart.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QueueKeptAcrossRestartTests : IDisposable
{
    private const string Failed = "messages reported failed";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fulfilment-queue-kept-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _log = [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Restart_WhenAPoisonMessageIsBetweenItsReceives_ShouldDeadLetterItAfterThreeReceivesInAll()
    {
        await using (var first = await StartAsync())
        {
            await first.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = first.QueueUrl,
                MessageBody = "{\"not\":\"an order\"}",
                MessageAttributes = new() { ["correlationId"] = new MessageAttributeValue { DataType = "String", StringValue = "corr-poison" } },
            });
            await UntilAsync(() => FailedReceives() >= 1);
        }

        var beforeRestart = FailedReceives();
        await using var second = await StartAsync();
        var deadLettered = await second.WaitForDeadLettersAsync(1, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.True(deadLettered && FailedReceives() == 3, $"dead-lettered: {deadLettered}; failed receives: {beforeRestart} before the restart, {FailedReceives()} in all\n{Log()}");
    }

    private int FailedReceives()
    {
        lock (_log)
        {
            return _log.Count(l => l.Contains(Failed, StringComparison.Ordinal));
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return string.Join('\n', _log.TakeLast(60));
        }
    }

    // A visibility timeout long enough that the message is still hidden when the first stack stops.
    private Task<LocalStack> StartAsync() => LocalStack.StartAsync(
        new LocalStackOptions { ApiPort = 0, EdgePort = 0, DataDirectory = _data, Functions = FunctionMode.InProcess, QueueVisibilityTimeout = TimeSpan.FromSeconds(3), SeedFile = null },
        line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        },
        CancellationToken.None);

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met before the deadline.");
            await Task.Delay(50);
        }
    }
}
