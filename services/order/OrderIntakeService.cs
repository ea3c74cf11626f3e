using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Order;

/// <summary>
/// The <c>intake</c> handler: for every message of an SQS batch, record the order once and start its execution once.
/// Only the messages that failed are reported back (<c>ReportBatchItemFailures</c>), so SQS redelivers them and, after
/// <c>maxReceiveCount</c>, moves them to the DLQ. Nothing is silently dropped: a malformed message is logged and failed.
/// </summary>
public sealed class OrderIntakeService(OrderRepository orders, IWorkflowStarter workflow)
{
    /// <summary>The <see cref="ActivitySource"/> of intake's spans (one <c>intake</c> span per message).</summary>
    public const string ActivitySourceName = "Fulfilment.Order";

    // One source per process, as ActivitySource is meant to be used; it holds no per-message state.
    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly string[] OrderPart = ["customerId", "lines", "currency", "paymentToken", "shippingAddress", "metadata"];

    /// <summary>Processes a batch; the response names only the failed message ids.</summary>
    public async Task<SQSBatchResponse> HandleAsync(SQSEvent batch, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var failures = new List<SQSBatchResponse.BatchItemFailure>();
        var logger = new TracingLambdaLogger(context.Logger, knownCorrelationId: null);
        foreach (var message in batch.Records)
        {
            if (!await ProcessAsync(message, logger, cancellationToken))
            {
                failures.Add(new SQSBatchResponse.BatchItemFailure { ItemIdentifier = message.MessageId });
            }
        }

        return new SQSBatchResponse(failures);
    }

    private async Task<bool> ProcessAsync(SQSEvent.SQSMessage message, ILambdaLogger logger, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, object?> { ["messageId"] = message.MessageId, ["receiveCount"] = ReceiveCount(message) };
        var order = Parse(message.Body, out var problem);

        // The message's trace context (attribute, else the body's), or the order's own trace when it came without one.
        // The execution input carries that same context, not this span's: every delivery of a message then starts the
        // execution with byte-identical input, as the idempotent StartExecution needs. The workflow's steps are
        // therefore siblings of this span, children of the POST that accepted the order.
        var parent = TraceOf(message, order);
        using var activity = TraceSpans.Start(Source, "intake", ActivityKind.Consumer, parent);
        TraceSpans.SetCorrelationId(activity, order?.CorrelationId ?? Attribute(message, "correlationId"));
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "aws_sqs");
            activity.SetTag("messaging.message.id", message.MessageId);
            activity.SetTag("fulfilment.order_id", order?.OrderId);
        }

        if (order is null)
        {
            fields["correlationId"] = Attribute(message, "correlationId");
            logger.Error($"Malformed NewOrderEvent: {problem}. The message stays on the queue and reaches the DLQ after maxReceiveCount.", fields);
            TraceSpans.Fail(activity, "MalformedMessage", problem);
            return false;
        }

        fields["orderId"] = order.OrderId;
        fields["correlationId"] = order.CorrelationId;
        order = order with { TraceParent = parent!.Value.ToString() };
        var ok = await RecordAndStartAsync(order, fields, logger, cancellationToken);
        if (!ok)
        {
            TraceSpans.Fail(activity, "IntakeFailed", "The message was reported as failed; SQS redelivers it.");
        }

        return ok;
    }

    private async Task<bool> RecordAndStartAsync(NewOrderEvent order, Dictionary<string, object?> fields, ILambdaLogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var created = await orders.CreateAsync(order, cancellationToken);
            if (created.DuplicateOfOrderId is { } original)
            {
                // A retried POST that reached the queue under a new order id: the first one is the order. Its id now
                // answers with the original's status; no second execution, no second charge.
                fields["duplicateOf"] = original;
                logger.Info("Duplicate request: its idempotency key belongs to another order; not started again.", fields);
                return true;
            }

            var start = await workflow.StartAsync(order.OrderId, CanonicalInput(order), cancellationToken);
            fields["executionArn"] = start.ExecutionArn;
            logger.Info(
                (created.IsNew, start.AlreadyStarted) switch
                {
                    (true, false) => "Order recorded and workflow started.",
                    (false, false) => "Order was already recorded; workflow started now (an earlier attempt stopped in between).",
                    _ => "Duplicate delivery: order and workflow already exist; nothing to do.",
                },
                fields);
            return true;
        }
        catch (IdempotencyKeyReusedException ex)
        {
            fields["duplicateOf"] = ex.OwnerOrderId;
            logger.Error(ex, "Idempotency key reused for a different request; failing the message so it reaches the DLQ.", fields);
            return false;
        }
        catch (OrderConflictException ex)
        {
            logger.Error(ex, "Order id collision under another idempotency key; failing the message so it reaches the DLQ.", fields);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.Error(ex, "Could not process the order; SQS will redeliver it.", fields);
            return false;
        }
    }

    /// <summary>Parses and checks a queue message; returns null with the reason when it is not a valid v1 NewOrderEvent.</summary>
    internal static NewOrderEvent? Parse(string body, out string problem)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        }
        catch (JsonException ex)
        {
            problem = $"the body is not JSON ({ex.Message})";
            return null;
        }

        if (json is null)
        {
            problem = "the body is not a JSON object";
            return null;
        }

        var problems = new List<string>();
        if (json["version"]?.GetValueKind() != JsonValueKind.String || (string?)json["version"] != NewOrderEvent.CurrentVersion)
        {
            problems.Add($"$.version: expected \"{NewOrderEvent.CurrentVersion}\"");
        }

        if (json["orderId"]?.GetValueKind() != JsonValueKind.String || !OrderIds.IsValid((string?)json["orderId"]))
        {
            problems.Add("$.orderId: expected a ULID");
        }

        foreach (var name in (string[])["idempotencyKey", "correlationId", "placedAt"])
        {
            if (json[name]?.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace((string?)json[name]))
            {
                problems.Add($"$.{name}: required string");
            }
        }

        // The order part obeys exactly the rules of a posted CreateOrderRequest.
        var orderPart = new JsonObject();
        foreach (var name in OrderPart)
        {
            if (json.TryGetPropertyValue(name, out var value))
            {
                orderPart[name] = value?.DeepClone();
            }
        }

        problems.AddRange(CreateOrderRequestValidator.Validate(JsonSerializer.SerializeToUtf8Bytes(orderPart, JsonNodeContext.Default.JsonObject))
            .Problems.Select(p => $"{p.Path}: {p.Message}"));
        if (problems.Count > 0)
        {
            problem = string.Join("; ", problems);
            return null;
        }

        try
        {
            problem = string.Empty;
            return json.Deserialize(ContractsJsonContext.Default.NewOrderEvent);
        }
        catch (JsonException ex)
        {
            problem = $"not a NewOrderEvent ({ex.Message})";
            return null;
        }
    }

    // Every delivery of one order must start the execution with byte-identical input, or Step Functions would
    // answer ExecutionAlreadyExists instead of returning the running execution.
    private static string CanonicalInput(NewOrderEvent order) => JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent);

    private static string? ReceiveCount(SQSEvent.SQSMessage message) =>
        message.Attributes.TryGetValue("ApproximateReceiveCount", out var count) ? count : null;

    /// <summary>The trace a message continues: a valid <c>traceparent</c> attribute, else the body's, else the order's own.</summary>
    internal static TraceParent? TraceOf(SQSEvent.SQSMessage message, NewOrderEvent? order)
    {
        if (TraceParent.TryParse(Attribute(message, TraceParent.Name), out var fromAttribute))
        {
            return fromAttribute;
        }

        if (TraceParent.TryParse(order?.TraceParent, out var fromBody))
        {
            return fromBody;
        }

        return order is null ? null : TraceParent.ForOrder(order.OrderId);
    }

    private static string? Attribute(SQSEvent.SQSMessage message, string name) =>
        message.MessageAttributes.TryGetValue(name, out var value) ? value.StringValue : null;
}

/// <summary>Source-generated serializer for raw JSON nodes (AOT-safe).</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : JsonSerializerContext
{
}
