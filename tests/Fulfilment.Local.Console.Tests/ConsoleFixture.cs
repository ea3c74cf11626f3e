using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.SQS.Model;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Local.StepFunctions.Service;

namespace Fulfilment.Local.OpsConsole.Tests;

/// <summary>
/// The local stack with a Completed, a Rejected and two CompensationFailed orders (one for the API tests, one for the browser
/// test to redrive) and a poison message in the DLQ. One per test run: the CompensationFailed path waits out real retries.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Sku = "CONSOLE-OK";
    public const string ScarceSku = "CONSOLE-SCARCE";
    private readonly List<string> _log = [];

    public LocalStack Stack { get; private set; } = null!;

    /// <summary>A client for the edge, where the console lives.</summary>
    public HttpClient Edge { get; private set; } = null!;

    public string CompletedOrder { get; private set; } = null!;

    public string RejectedOrder { get; private set; } = null!;

    /// <summary>CompensationFailed, left as it is for the API tests.</summary>
    public string FailedOrder { get; private set; } = null!;

    /// <summary>CompensationFailed, redriven by the browser test.</summary>
    public string FailedOrderToRedrive { get; private set; } = null!;

    public string DeadLetterMessageId { get; private set; } = null!;

    public string LogTail => string.Join('\n', Snapshot().TakeLast(40));

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = timeout.Token;
        Stack = await LocalStack.StartAsync(
            new LocalStackOptions { ApiPort = 0, EdgePort = 0, InMemory = true, Functions = FunctionMode.InProcess, QueueVisibilityTimeout = TimeSpan.FromSeconds(2) },
            line =>
            {
                lock (_log)
                {
                    _log.Add(line);
                }
            },
            ct);
        Edge = new HttpClient { BaseAddress = Stack.EdgeUrl, Timeout = TimeSpan.FromSeconds(60) };
        await Stack.Inventory.SetStockAsync(Sku, 100, ct);
        await Stack.Inventory.SetStockAsync(ScarceSku, 1, ct);

        CompletedOrder = await PostOrderAsync(Sku, 1, ct);
        RejectedOrder = await PostOrderAsync(ScarceSku, 5, ct);
        await WaitForExecutionAsync(CompletedOrder, ct);
        await WaitForExecutionAsync(RejectedOrder, ct);

        // CompensationFailed the way an outage makes it: the processor is down, so the charges run out of retries with
        // no answer recorded (payment Pending), and the compensation's refund, which must first find out from the
        // processor whether the charge was taken, keeps failing too.
        Stack.PaymentProcessor.Faults = new FaultSettings(ErrorRate: 1);
        FailedOrder = await PostOrderAsync(Sku, 2, ct);
        FailedOrderToRedrive = await PostOrderAsync(Sku, 3, ct);

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

    public async Task DisposeAsync()
    {
        Edge?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }

    public string ExecutionArn(string orderId) => $"arn:aws:states:us-east-1:000000000000:execution:order-fulfilment:{orderId}";

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

    public async Task<string> PostOrderAsync(string sku, int quantity, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Stack.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        var body = $$"""{"customerId":"cust-console","lines":[{"sku":"{{sku}}","quantity":{{quantity}},"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"tok_ok"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", Stack.Options.ApiKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /orders answered {(int)response.StatusCode}: {text}");
        }

        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.OrderAccepted)!.OrderId;
    }

    private List<string> Snapshot()
    {
        lock (_log)
        {
            return [.. _log];
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
