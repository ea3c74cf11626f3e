using System.Text.Json;
using Amazon.SQS.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>`dlq show|redrive` against the local stack's dead-letter queue (the edge implements StartMessageMoveTask).</summary>
[Collection(OpsStackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DlqTests(OpsStackFixture stack)
{
    [Fact]
    public async Task Show_WhenRunTwice_ShouldSeeTheSameMessagesBothTimes()
    {
        var bodies = await PutDeadLettersAsync(3);
        try
        {
            var first = await stack.FulfilAsync("dlq", "show", "--max", "100", "--json");
            var second = await stack.FulfilAsync("dlq", "show", "--max", "100", "--json");

            Assert.True(bodies.All(b => Bodies(first).Contains(b) && Bodies(second).Contains(b)), $"{first}\n{second}");
        }
        finally
        {
            await DrainAsync(stack.Stack.DeadLetterQueueUrl);
        }
    }

    [Fact]
    public async Task Show_WhenJson_ShouldCarryTheAttributesAndReceiveCountsTheTableShows()
    {
        var bodies = await PutDeadLettersAsync(2);
        try
        {
            var json = await stack.FulfilAsync("dlq", "show", "--json");
            var table = await stack.FulfilAsync("dlq", "show");

            var messages = json.Json().GetProperty("messages").EnumerateArray().ToList();
            Assert.True(
                messages.All(m => m.GetProperty("approximateReceiveCount").GetInt32() >= 1 && m.GetProperty("messageAttributes").GetProperty("source").GetString() == "ops-test")
                && messages.All(m => table.Out.Contains(m.GetProperty("messageId").GetString()!, StringComparison.Ordinal))
                && bodies.All(b => table.Out.Contains(b, StringComparison.Ordinal)),
                $"{json}\n{table}");
        }
        finally
        {
            await DrainAsync(stack.Stack.DeadLetterQueueUrl);
        }
    }

    [Theory]
    [InlineData("MoveTask")]
    [InlineData("Copy")]
    public async Task Redrive_WhenDestinationGiven_ShouldMoveEveryMessageExactlyOnce(string method)
    {
        var destination = (await stack.Stack.Sqs.CreateQueueAsync("ops-redrive-" + method.ToLowerInvariant() + "-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        var bodies = await PutDeadLettersAsync(25);

        var result = await stack.FulfilAsync("dlq", "redrive", "--method", method, "--destination-url", destination, "--json");

        var arrived = await DrainAsync(destination);
        var left = await DrainAsync(stack.Stack.DeadLetterQueueUrl);
        Assert.True(
            result.ExitCode == ExitCodes.Ok && result.Json().GetProperty("moved").GetInt64() == bodies.Count
            && arrived.Order(StringComparer.Ordinal).SequenceEqual(bodies.Order(StringComparer.Ordinal)) && left.Count == 0,
            $"{result}\narrived {arrived.Count}, left {left.Count}");
    }

    [Fact]
    public async Task Redrive_WhenDryRun_ShouldLeaveEveryMessageWhereItIs()
    {
        var bodies = await PutDeadLettersAsync(4);

        var result = await stack.FulfilAsync("dlq", "redrive", "--dry-run", "--json");

        var left = await DrainAsync(stack.Stack.DeadLetterQueueUrl);
        Assert.True(result.ExitCode == ExitCodes.Ok && bodies.All(left.Contains), $"{result}\nleft {left.Count}");
    }

    [Fact]
    public async Task Redrive_WhenAnOrderWasDeadLettered_ShouldBringItBackToTheSourceQueueAndComplete()
    {
        var order = new NewOrderEvent("1", OrderIds.New(), Guid.NewGuid().ToString(), "cust-dlq", [new OrderLine("SKU-TEA-SENCHA", 1, 700)], "EUR", "tok_ok", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        await stack.Stack.Sqs.SendMessageAsync(stack.Stack.DeadLetterQueueUrl, JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent));

        var result = await stack.FulfilAsync("dlq", "redrive");
        var final = await stack.WaitForTerminalAsync(order.OrderId);

        Assert.True(result.ExitCode == ExitCodes.Ok && final.Status == OrderStatus.Completed, $"{result}\n{final.Status}");
    }

    private async Task<List<string>> PutDeadLettersAsync(int count)
    {
        var bodies = Enumerable.Range(0, count).Select(i => $"{{\"deadLetter\":\"{Guid.NewGuid():N}\",\"n\":{i}}}").ToList();
        foreach (var chunk in bodies.Chunk(10))
        {
            await stack.Stack.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = stack.Stack.DeadLetterQueueUrl,
                Entries = chunk.Select((b, i) => new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MessageBody = b,
                    MessageAttributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal) { ["source"] = new() { DataType = "String", StringValue = "ops-test" } },
                }).ToList(),
            });
        }

        return bodies;
    }

    /// <summary>Receives and deletes everything on the queue; returns the bodies.</summary>
    private async Task<List<string>> DrainAsync(string queueUrl)
    {
        var bodies = new List<string>();
        var empty = 0;
        while (empty < 2)
        {
            var response = await stack.Stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 30 });
            var messages = response.Messages ?? [];
            empty = messages.Count == 0 ? empty + 1 : 0;
            foreach (var m in messages)
            {
                bodies.Add(m.Body);
                await stack.Stack.Sqs.DeleteMessageAsync(queueUrl, m.ReceiptHandle);
            }
        }

        return bodies;
    }

    private static HashSet<string> Bodies(FulfilResult result) =>
        result.Json().GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!).ToHashSet(StringComparer.Ordinal);
}
