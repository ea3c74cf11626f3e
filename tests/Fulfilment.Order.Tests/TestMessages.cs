using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;

namespace Fulfilment.Order.Tests;

internal static class TestMessages
{
    public static NewOrderEvent NewOrder(string? idempotencyKey = null) => new(
        NewOrderEvent.CurrentVersion,
        OrderIds.New(),
        idempotencyKey ?? Guid.NewGuid().ToString(),
        "cust-1",
        [new OrderLine("SKU-A", 2, 1000), new OrderLine("SKU-B", 1, 250)],
        "EUR",
        "tok_ok",
        Guid.NewGuid().ToString(),
        DateTimeOffset.UtcNow);

    public static SQSEvent.SQSMessage Message(string body, string? messageId = null) => new()
    {
        MessageId = messageId ?? Guid.NewGuid().ToString(),
        Body = body,
        EventSource = "aws:sqs",
    };

    public static SQSEvent.SQSMessage Message(NewOrderEvent order) =>
        Message(JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent));

    public static SQSEvent Batch(params SQSEvent.SQSMessage[] messages) => new() { Records = [.. messages] };

    public static LambdaContext Context() => new() { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = "order-intake" };
}

/// <summary>
/// Stands in for Step Functions' name rules in these unit tests (same name + same input = the same execution,
/// same name + other input = ExecutionAlreadyExists); the end-to-end tests run the real engine.
/// </summary>
internal sealed class RecordingWorkflowStarter : IWorkflowStarter
{
    private readonly Dictionary<string, string> _inputs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int FailuresToInject { get; set; }

    public int Calls { get; private set; }

    public int InputMismatches { get; private set; }

    public string? InputOf(string executionName)
    {
        lock (_lock)
        {
            return _inputs.TryGetValue(executionName, out var input) ? input : null;
        }
    }

    public IReadOnlyCollection<string> Started
    {
        get
        {
            lock (_lock)
            {
                return [.. _inputs.Keys];
            }
        }
    }

    public Task<WorkflowStart> StartAsync(string executionName, string input, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            if (FailuresToInject > 0)
            {
                FailuresToInject--;
                throw new HttpRequestException("Step Functions is unreachable (injected).");
            }

            if (_inputs.TryGetValue(executionName, out var existing))
            {
                // AWS would return the open execution for identical input and ExecutionAlreadyExists otherwise.
                InputMismatches += existing == input ? 0 : 1;
                return Task.FromResult(new WorkflowStart($"arn:execution:{executionName}", AlreadyStarted: true));
            }

            _inputs[executionName] = input;
            return Task.FromResult(new WorkflowStart($"arn:execution:{executionName}", AlreadyStarted: false));
        }
    }
}
