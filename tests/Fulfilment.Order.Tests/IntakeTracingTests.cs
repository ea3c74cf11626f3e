using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Orders;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Lambda.Testing;
using Fulfilment.Lambda.Tracing;
using Fulfilment.Testing;

namespace Fulfilment.Order.Tests;

/// <summary>Intake continues the trace the message carries and hands it to the workflow in the execution input.</summary>
[Trait("Category", "Integration")]
public sealed class IntakeTracingTests(DynamoDbLocalFixture dynamo) : IClassFixture<DynamoDbLocalFixture>
{
    private const string Incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private readonly RecordingWorkflowStarter _workflow = new();

    private OrderIntakeService Intake => new(new OrderRepository(dynamo.Client, dynamo.OrdersTable, TimeProvider.System), _workflow);

    [Fact]
    public async Task HandleAsync_WhenMessageHasTraceparentAttribute_ShouldPutItInTheExecutionInput()
    {
        var order = TestMessages.NewOrder();

        await Intake.HandleAsync(TestMessages.Batch(WithTraceparent(TestMessages.Message(order), Incoming)), TestMessages.Context(), CancellationToken.None);

        Assert.Equal(Incoming, TraceparentInInput(order.OrderId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00-not-valid")]
    public async Task HandleAsync_WhenMessageHasNoValidTraceparent_ShouldStartTheOrdersOwnTrace(string? attribute)
    {
        var order = TestMessages.NewOrder();
        var message = attribute is null ? TestMessages.Message(order) : WithTraceparent(TestMessages.Message(order), attribute);

        await Intake.HandleAsync(TestMessages.Batch(message), TestMessages.Context(), CancellationToken.None);

        Assert.Equal(TraceParent.ForOrder(order.OrderId).ToString(), TraceparentInInput(order.OrderId));
    }

    [Fact]
    public async Task HandleAsync_WhenMessageHasTraceparent_ShouldProcessItInAChildSpan()
    {
        using var recorder = new SpanRecorder(OrderIntakeService.ActivitySourceName);
        var traceId = ActivityTraceId.CreateRandom();
        var order = TestMessages.NewOrder();

        await Intake.HandleAsync(TestMessages.Batch(WithTraceparent(TestMessages.Message(order), $"00-{traceId.ToHexString()}-00f067aa0ba902b7-01")), TestMessages.Context(), CancellationToken.None);

        var span = recorder.InTrace(traceId).Single();
        Assert.Equal(("intake", ActivityKind.Consumer, "00f067aa0ba902b7"), (span.OperationName, span.Kind, span.ParentSpanId.ToHexString()));
    }

    [Fact]
    public async Task HandleAsync_WhenLogging_ShouldStampCorrelationTraceAndSpan()
    {
        var logger = new RecordingLogger();
        var order = TestMessages.NewOrder();
        var context = new LambdaContext { AwsRequestId = "req-1", FunctionName = "order-intake", Logger = logger };

        await Intake.HandleAsync(TestMessages.Batch(WithTraceparent(TestMessages.Message(order), Incoming)), context, CancellationToken.None);

        var line = Assert.Single(logger.Lines);
        Assert.Equal((order.CorrelationId, "4bf92f3577b34da6a3ce929d0e0e4736", true), ((string?)line["correlationId"], (string?)line["traceId"], line["spanId"] is string { Length: 16 }));
    }

    private static SQSEvent.SQSMessage WithTraceparent(SQSEvent.SQSMessage message, string traceparent)
    {
        message.MessageAttributes[TraceParent.Name] = new SQSEvent.MessageAttribute { DataType = "String", StringValue = traceparent };
        return message;
    }

    private string? TraceparentInInput(string orderId) =>
        (string?)JsonNode.Parse(_workflow.InputOf(orderId) ?? "{}")!["traceparent"];

    private sealed class RecordingLogger : ILambdaLogger
    {
        public ConcurrentQueue<IReadOnlyDictionary<string, object?>> Lines { get; } = new();

        public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null) =>
            Lines.Enqueue(fields ?? new Dictionary<string, object?>());
    }
}
