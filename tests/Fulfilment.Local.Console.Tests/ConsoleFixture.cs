using Amazon.SQS.Model;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.Testing;

namespace Fulfilment.Local.OpsConsole.Tests;

/// <summary>
/// The local stack with a Completed, a Rejected and two CompensationFailed orders (one for the API tests, one for the browser
/// test to redrive) and a poison message in the DLQ. One per test run: the CompensationFailed path waits out real retries.
/// </summary>
public sealed class ConsoleFixture : LocalStackFixture
{
    public const string Sku = "CONSOLE-OK";
    public const string ScarceSku = "CONSOLE-SCARCE";

    public string CompletedOrder { get; private set; } = null!;

    public string RejectedOrder { get; private set; } = null!;

    /// <summary>CompensationFailed, left as it is for the API tests.</summary>
    public string FailedOrder { get; private set; } = null!;

    /// <summary>CompensationFailed, redriven by the browser test.</summary>
    public string FailedOrderToRedrive { get; private set; } = null!;

    public string DeadLetterMessageId { get; private set; } = null!;

    protected override TimeSpan StartTimeout => TimeSpan.FromMinutes(6);

    protected override string CustomerId => "cust-console";

    public string ExecutionArn(string orderId) => $"arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{orderId}";

    protected override async Task OnStartedAsync(CancellationToken ct)
    {
        await Stack.Inventory.SetStockAsync(Sku, 100, ct);
        await Stack.Inventory.SetStockAsync(ScarceSku, 1, ct);

        CompletedOrder = await PostOrderAsync(Sku, 1, ct: ct);
        RejectedOrder = await PostOrderAsync(ScarceSku, 5, ct: ct);
        await WaitForExecutionAsync(CompletedOrder, ct);
        await WaitForExecutionAsync(RejectedOrder, ct);

        // CompensationFailed the way an outage makes it: the processor is down, so the charges run out of retries with
        // no answer recorded (payment Pending), and the compensation's refund, which must first find out from the
        // processor whether the charge was taken, keeps failing too.
        Stack.PaymentProcessor.Faults = new FaultSettings(ErrorRate: 1);
        FailedOrder = await PostOrderAsync(Sku, 2, ct: ct);
        FailedOrderToRedrive = await PostOrderAsync(Sku, 3, ct: ct);

        var poison = await Stack.Sqs.SendMessageAsync(
            new SendMessageRequest
            {
                QueueUrl = Stack.DeadLetterQueueUrl,
                MessageBody = """{"note":"not a NewOrderEvent: intake could not parse it"}""",
                MessageAttributes = new() { ["reason"] = new MessageAttributeValue { DataType = "String", StringValue = "poison message for the console test" } },
            },
            ct);
        DeadLetterMessageId = poison.MessageId;

        foreach (var order in new[] { FailedOrder, FailedOrderToRedrive })
        {
            var outcome = await WaitForExecutionAsync(order, ct);
            if (outcome.Error != "CompensationFailed")
            {
                throw new InvalidOperationException($"Order {order} ended {outcome.Status} {outcome.Error}, not CompensationFailed.\n{LogTail}");
            }
        }
    }

    /// <summary>Polls until the order's execution exists and is no longer RUNNING.</summary>
    public async Task<ExecutionDescription> WaitForExecutionAsync(string orderId, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(4);
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                var description = await Stack.Engine.DescribeExecutionAsync(ExecutionArn(orderId), ct);
                if (description.Status != ExecutionStatus.Running)
                {
                    return description;
                }
            }
            catch (StepFunctionsException e) when (e.ErrorCode == StepFunctionsErrorCodes.ExecutionDoesNotExist)
            {
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"The execution of {orderId} did not finish.\n{LogTail}");
    }

    /// <summary>Polls until the order's execution exists (intake starts it from the queue).</summary>
    public async Task WaitForStartAsync(string orderId, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                await Stack.Engine.DescribeExecutionAsync(ExecutionArn(orderId), ct);
                return;
            }
            catch (StepFunctionsException e) when (e.ErrorCode == StepFunctionsErrorCodes.ExecutionDoesNotExist && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
