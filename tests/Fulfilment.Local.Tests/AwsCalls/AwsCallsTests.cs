using System.Text;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Steps;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Host;
using Fulfilment.Notification.Hosting;
using Fulfilment.Order;
using Fulfilment.Payment.Hosting;
using Fulfilment.Testing;

namespace Fulfilment.Local.Tests.AwsCalls;

/// <summary>
/// What each handler sends to AWS, recorded against the local stack (its clients pointed at a recording proxy in front
/// of the edge, everything else as the stack configures the function), compared with the calls its service declares
/// in <c>services/&lt;service&gt;/aws-calls.json</c>: nothing undeclared is sent, and every declared call is made by the
/// scenarios below (the first call and its replay or duplicate, the paths the idempotency design takes).
/// </summary>
[Collection(StackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AwsCallsTests(StackFixture stack)
{
    [Theory]
    [InlineData("order", "intake")]
    [InlineData("order", "status")]
    [InlineData("inventory", "reserve")]
    [InlineData("inventory", "release")]
    [InlineData("inventory", "commit")]
    [InlineData("payment", "charge")]
    [InlineData("payment", "refund")]
    [InlineData("notification", "notify")]
    public async Task Handler_WhenItRunsAgainstTheLocalStack_ShouldMakeExactlyTheCallsItsServiceDeclares(string service, string handler)
    {
        var calls = AwsCallDeclarations.Load(service)[handler];
        var declared = calls.Select(c => (c.Action, c.Resource)).ToHashSet();
        var expected = calls.Where(c => c.Unrecorded is null).Select(c => (c.Action, c.Resource)).ToHashSet();

        var recorded = await RecordAsync(service, handler);

        var undeclared = recorded.Except(declared).Select(c => $"{c.Action} on {c.Resource}").Order(StringComparer.Ordinal).ToList();
        var unused = expected.Except(recorded).Select(c => $"{c.Action} on {c.Resource}").Order(StringComparer.Ordinal).ToList();
        Assert.True(
            undeclared.Count == 0 && unused.Count == 0,
            $"services/{service}/{AwsCallDeclarations.FileName}, handler {handler}:\n  sent but not declared: {string.Join("; ", undeclared)}\n  declared but not sent: {string.Join("; ", unused)}");
    }

    [Fact]
    public void Declarations_WhenLoaded_ShouldCoverEveryHandlerTheStackRuns()
    {
        var declared = AwsCallDeclarations.Services.SelectMany(s => AwsCallDeclarations.Load(s).Keys.Select(h => s + ":" + h)).Order(StringComparer.Ordinal);
        Assert.Equal(FunctionCatalogue.All.Select(f => f.Service + ":" + f.Handler).Order(StringComparer.Ordinal), declared);
    }

    private async Task<HashSet<(string Action, string Resource)>> RecordAsync(string service, string handler)
    {
        await using var proxy = await RecordingAwsProxy.StartAsync(stack.Stack.EdgeUrl, FunctionCatalogue.Region, FunctionCatalogue.Account);
        var functions = new FunctionRegistries(stack, proxy.Endpoint);
        var orderId = OrderIds.New();
        var line = new OrderLine("SKU-TEA-SENCHA", 1, 1250);
        var charge = new ChargePaymentRequest(orderId, "cust-aws-calls", [line], "EUR", "tok_ok");
        var recorded = new List<(string, string)>();

        async Task Run(string s, string h, byte[] payload)
        {
            var before = proxy.Calls.Count;
            var result = await functions.Of(s, h).InvokeAsync(h, payload, new LambdaContext { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = s + "-" + h }, CancellationToken.None);
            Assert.True(result.IsSuccess, $"{s}:{h} failed: {result.Error?.ErrorType}: {result.Error?.ErrorMessage}");
            if (s == service && h == handler)
            {
                recorded.AddRange(proxy.Calls.Skip(before));
            }
        }

        var reserve = Json(new ReserveInventoryRequest(orderId, [new StockLine(line.Sku, line.Quantity)]), ContractsJsonContext.Default.ReserveInventoryRequest);
        var action = Json(new ReservationActionRequest(orderId), ContractsJsonContext.Default.ReservationActionRequest);
        switch (handler)
        {
            case "intake":
                var order = NewOrder(orderId, "aws-calls-" + orderId);
                await Run(service, handler, SqsEvent(order));
                await Run(service, handler, SqsEvent(order)); // the same message again (SQS is at-least-once)
                await Run(service, handler, SqsEvent(order with { OrderId = OrderIds.New() })); // a retried request: a new id, the same key and body
                break;
            case "status":
                var original = NewOrder(orderId, "aws-calls-" + orderId);
                var duplicateId = OrderIds.New();
                await Run("order", "intake", SqsEvent(original));
                await Run("order", "intake", SqsEvent(original with { OrderId = duplicateId }));
                await Run(service, handler, StatusRequest(orderId));
                await Run(service, handler, StatusRequest(duplicateId));
                break;
            case "reserve":
                await Run(service, handler, reserve);
                await Run(service, handler, reserve);
                break;
            case "release" or "commit":
                await Run("inventory", "reserve", reserve);
                await Run(service, handler, action);
                await Run(service, handler, action);
                break;
            case "charge":
                await Run(service, handler, Json(charge, ContractsJsonContext.Default.ChargePaymentRequest));
                await Run(service, handler, Json(charge, ContractsJsonContext.Default.ChargePaymentRequest));
                break;
            case "refund":
                await Run("payment", "charge", Json(charge, ContractsJsonContext.Default.ChargePaymentRequest));
                var refund = Json(new RefundPaymentRequest(orderId), ContractsJsonContext.Default.RefundPaymentRequest);
                await Run(service, handler, refund);
                await Run(service, handler, refund);
                break;
            case "notify":
                var notify = Json(new NotifyCustomerRequest(orderId, "cust-aws-calls", NotificationKind.OrderConfirmed), ContractsJsonContext.Default.NotifyCustomerRequest);
                await Run(service, handler, notify);
                await Run(service, handler, notify);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, "No scenario for this handler: add one.");
        }

        return [.. recorded];
    }

    private static NewOrderEvent NewOrder(string orderId, string idempotencyKey) =>
        new(NewOrderEvent.CurrentVersion, orderId, idempotencyKey, "cust-aws-calls", [new OrderLine("SKU-TEA-SENCHA", 1, 1250)], "EUR", "tok_ok", "corr-aws-calls", DateTimeOffset.UtcNow);

    private static byte[] SqsEvent(NewOrderEvent order)
    {
        var message = new SQSEvent.SQSMessage { MessageId = Guid.NewGuid().ToString(), ReceiptHandle = "receipt", Body = JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent) };
        return Json(new SQSEvent { Records = [message] }, LambdaEventsJsonContext.Default.SQSEvent);
    }

    private static byte[] StatusRequest(string orderId) => Json(
        new APIGatewayProxyRequest { HttpMethod = "GET", Path = $"/orders/{orderId}", Resource = "/orders/{orderId}", PathParameters = new Dictionary<string, string> { ["orderId"] = orderId } },
        LambdaEventsJsonContext.Default.APIGatewayProxyRequest);

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, type));

    /// <summary>
    /// One registry per function, as AWS runs them (so caches such as the payment key's are per function), each
    /// configured the way the stack configures that function except that its AWS endpoint is the recording proxy.
    /// </summary>
    private sealed class FunctionRegistries(StackFixture stack, Uri endpoint)
    {
        private readonly Dictionary<string, LambdaHandlerRegistry> _registries = new(StringComparer.Ordinal);

        public LambdaHandlerRegistry Of(string service, string handler)
        {
            var spec = FunctionCatalogue.All.Single(f => f.Service == service && f.Handler == handler);
            if (!_registries.TryGetValue(spec.Name, out var registry))
            {
                var env = new Dictionary<string, string>(stack.Stack.EnvironmentOf(spec), StringComparer.Ordinal) { ["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/') };
                string? Lookup(string name) => env.TryGetValue(name, out var value) ? value : null;
                registry = service switch
                {
                    "order" => OrderFunction.Configure(new LambdaHandlerRegistry(), Lookup),
                    "inventory" => InventoryFunction.Configure(new LambdaHandlerRegistry(), Lookup),
                    "payment" => PaymentFunction.Configure(new LambdaHandlerRegistry(), Lookup),
                    "notification" => NotificationFunction.Configure(new LambdaHandlerRegistry(), Lookup),
                    _ => throw new ArgumentOutOfRangeException(nameof(service), service, "No such service."),
                };
                _registries[spec.Name] = registry;
            }

            return registry;
        }
    }
}
