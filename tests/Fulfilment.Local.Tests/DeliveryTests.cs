using System.Text.Json;
using Amazon.SQS.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>At-least-once delivery from SQS: duplicates must collapse into one order, poison must reach the DLQ.</summary>
[Collection(StackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DeliveryTests(StackFixture stack)
{
    [Fact]
    public async Task Intake_WhenSameMessageDeliveredTwentyTimes_ShouldRunOneExecutionAndChargeOnce()
    {
        var order = new NewOrderEvent("1", OrderIds.New(), Guid.NewGuid().ToString(), "cust-dup", [new OrderLine("SKU-TEA-EARL-GREY", 1, 900)], "EUR", "tok_ok", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        var body = JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => stack.Stack.Sqs.SendMessageAsync(stack.Stack.QueueUrl, body)));
        var final = await stack.WaitForTerminalAsync(order.OrderId);

        var executions = await stack.Stack.Engine.ListExecutionsAsync(FunctionCatalogue.StateMachineArn, maxResults: 1000);
        var captures = stack.Stack.PaymentProcessor.Ledger(order.OrderId).Captures;
        Assert.Equal((OrderStatus.Completed, 1, 1), (final.Status, executions.Items.Count(e => e.Name == order.OrderId), captures.Count));
    }

    [Fact]
    public async Task Intake_WhenMessageIsPoison_ShouldMoveItToTheDlqAfterThreeReceivesAndKeepOthersFlowing()
    {
        var poisonId = (await stack.Stack.Sqs.SendMessageAsync(stack.Stack.QueueUrl, """{"version":"1","orderId":"poison"}""")).MessageId;
        var goodOrderId = await stack.PostOrderAsync("SKU-TEA-EARL-GREY", 1);

        var good = await stack.WaitForTerminalAsync(goodOrderId);
        var inDlq = await WaitForDlqMessageAsync(poisonId, TimeSpan.FromMinutes(2));

        Assert.Equal((OrderStatus.Completed, true), (good.Status, inDlq));
    }

    private async Task<bool> WaitForDlqMessageAsync(string messageId, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var received = await stack.Stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = stack.Stack.DeadLetterQueueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = 1,
            });
            if (received.Messages?.Any(m => m.MessageId == messageId || m.Body.Contains("\"orderId\":\"poison\"", StringComparison.Ordinal)) == true)
            {
                return true;
            }
        }

        return false;
    }
}
