using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Inventory;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Lambda;
using Inbox = Fulfilment.Local.NotificationInbox.NotificationInbox;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Notification.Hosting;
using Fulfilment.Payment;
using Fulfilment.Payment.Hosting;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;
using Fulfilment.Storage;
using Fulfilment.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow.Real;

/// <summary>
/// The real order-fulfilment.asl.json in the engine with the REAL service handlers in-process (inventory, payment,
/// notification over DynamoDB Local, the fake card processor and the notification inbox on loopback), the engine's
/// DynamoDB integration for the orders table, and a bus stand-in. Faults are injected at the Lambda boundary.
/// </summary>
public sealed class RealWorkflowHarness : IAsyncDisposable
{
    private readonly Dictionary<string, (LambdaHandlerRegistry Registry, string Handler)> functions;

    private RealWorkflowHarness(ExecutionService service, string stateMachineArn, InventoryService inventory, LambdaFaults faults, FakeBus bus,
        Dictionary<string, (LambdaHandlerRegistry, string)> functions)
    {
        Service = service;
        StateMachineArn = stateMachineArn;
        Inventory = inventory;
        Faults = faults;
        Bus = bus;
        this.functions = functions;
    }

    public ExecutionService Service { get; }

    public string StateMachineArn { get; }

    public InventoryService Inventory { get; }

    public LambdaFaults Faults { get; }

    public FakeBus Bus { get; }

    public static async Task<RealWorkflowHarness> StartAsync(
        DynamoDbLocalFixture db, FakePaymentProcessor processor, Inbox inbox, IExecutionStore? store = null, LambdaFaults? faults = null, bool fastPaths = true)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_ENDPOINT_URL_DYNAMODB"] = db.ServiceUrl,
            [InventoryOptions.TableNameVariable] = db.InventoryTable,
            [PaymentFunction.TableNameVariable] = db.PaymentsTable,
            [NotificationFunction.TableNameVariable] = db.NotificationsTable,
            [PaymentProviderOptions.UrlVariable] = processor.BaseAddress.ToString().TrimEnd('/'),
            [PaymentProviderOptions.ApiKeyVariable] = processor.ApiKey,
            ["NOTIFICATION_WEBHOOK_URL"] = inbox.WebhookUrl.ToString(),
        };
        string? Lookup(string name) => env.GetValueOrDefault(name);

        var inventory = new InventoryService(db.Client, new InventoryOptions { TableName = db.InventoryTable }, TimeProvider.System, NullLogger<InventoryService>.Instance);
        var inventoryRegistry = InventoryFunction.Register(new LambdaHandlerRegistry(), inventory);

        // Short in-invocation backoff so that a flaky provider reaches the workflow's own Retry quickly.
        var resilience = new PaymentResilience(new PaymentResilienceOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) });
        var payment = new PaymentService(
            new PaymentStore(db.Client, db.PaymentsTable),
            new HttpPaymentProvider(HttpPaymentProvider.CreateHttpClient(), PaymentProviderOptions.FromEnvironment(Lookup)),
            resilience);
        var paymentRegistry = PaymentFunction.Register(new LambdaHandlerRegistry(), payment);
        var notificationRegistry = NotificationFunction.Configure(new LambdaHandlerRegistry(), Lookup);
        var map = new Dictionary<string, (LambdaHandlerRegistry, string)>(StringComparer.Ordinal)
        {
            ["inventory-reserve"] = (inventoryRegistry, InventoryFunction.Reserve),
            ["inventory-release"] = (inventoryRegistry, InventoryFunction.Release),
            ["inventory-commit"] = (inventoryRegistry, InventoryFunction.Commit),
            ["payment-charge"] = (paymentRegistry, PaymentFunction.Charge),
            ["payment-refund"] = (paymentRegistry, PaymentFunction.Refund),
            ["notification"] = (notificationRegistry, NotificationFunction.Notify),
        };

        faults ??= new LambdaFaults();
        var bus = new FakeBus();
        RealWorkflowHarness? harness = null;
        var registry = new TaskInvokerRegistry([
            new LambdaTaskInvoker((name, payload, ct) => harness!.InvokeAsync(name, payload, ct)),
            new DynamoDbTaskInvoker(db.Client),
            new EventsTaskInvoker(bus),
        ]);

        // Task timeouts in real time: real DynamoDB Local and HTTP calls on a loaded machine; retries and waits stay instant.
        var service = new ExecutionService(store ?? new InMemoryExecutionStore(), registry, new InstantEngineClock(timeoutScale: 1), new ExecutionServiceOptions { FastPaths = fastPaths });
        var substitutions = new Dictionary<string, string>(WorkflowHarness.Substitutions) { ["OrdersTableName"] = db.OrdersTable };
        var machine = await service.CreateStateMachineAsync("order-fulfilment", DefinitionSubstitutions.Apply(WorkflowHarness.DefinitionText, substitutions));
        harness = new RealWorkflowHarness(service, machine.StateMachineArn, inventory, faults, bus, map);
        return harness;
    }

    /// <summary>An order for one fresh SKU with <paramref name="stock"/> units in stock, recorded as intake records it.</summary>
    public async Task<NewOrderEvent> NewOrderAsync(DynamoDbLocalFixture db, string paymentToken, int stock = 10)
    {
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..10];
        await Inventory.SetStockAsync(sku, stock, CancellationToken.None);
        var order = new NewOrderEvent(
            NewOrderEvent.CurrentVersion, OrderIds.New(), "idem-" + Guid.NewGuid().ToString("N"), "cust-1", [new OrderLine(sku, 2, 1250)], "EUR",
            paymentToken, "corr-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await db.Client.PutItemAsync(new PutItemRequest
        {
            TableName = db.OrdersTable,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = Keys.Order(order.OrderId) },
                ["sk"] = new() { S = "ORDER" },
                ["orderId"] = new() { S = order.OrderId },
                ["status"] = new() { S = "Received" },
                ["statusSequence"] = new() { N = "1" },
                ["statusHistory"] = new() { L = [new AttributeValue { S = "Received" }] },
                ["statusTimes"] = new() { M = new Dictionary<string, AttributeValue> { ["Received"] = new() { S = now } } },
                ["updatedAt"] = new() { S = now },
            },
        });
        return order;
    }

    public async Task<string> StartAsync(NewOrderEvent order) =>
        (await Service.StartExecutionAsync(StateMachineArn, order.OrderId, JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent))).ExecutionArn;

    public async Task<ExecutionDescription> RunAsync(NewOrderEvent order) =>
        await Service.WaitForCompletionAsync(await StartAsync(order)).WaitAsync(TimeSpan.FromSeconds(120));

    public async Task<long> AvailableAsync(string sku) => (await Inventory.GetStockAsync(sku, CancellationToken.None))!.Available;

    public static async Task<IReadOnlyList<string>> StatusHistoryAsync(DynamoDbLocalFixture db, string orderId)
    {
        var item = await db.Client.GetItemAsync(new GetItemRequest
        {
            TableName = db.OrdersTable,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = Keys.Order(orderId) }, ["sk"] = new() { S = "ORDER" } },
            ConsistentRead = true,
        });
        return [.. item.Item["statusHistory"].L.Select(v => v.S)];
    }

    public ValueTask DisposeAsync() => Service.DisposeAsync();

    private async Task<(byte[]? Response, (string ErrorType, string ErrorMessage)? Error)> InvokeAsync(string name, byte[] payload, CancellationToken ct)
    {
        if (Faults.TakeFailure(name) is { } errorType)
        {
            return (null, (errorType, $"Injected {errorType} for {name}."));
        }

        var (registry, handler) = functions[name];
        var context = new LambdaContext { AwsRequestId = Guid.NewGuid().ToString(), FunctionName = name, Deadline = DateTimeOffset.UtcNow.AddSeconds(30) };
        var result = await registry.InvokeAsync(handler, payload, context, ct);
        if (Faults.AfterInvoke is { } after)
        {
            await after(name, ct);
        }

        return result.Error is { } error ? (null, (error.ErrorType, error.ErrorMessage)) : (result.Response, null);
    }
}

/// <summary>Faults at the Lambda boundary: the next N calls of a function fail with an error type, or a hook runs after a call.</summary>
public sealed class LambdaFaults
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> failures = new(StringComparer.Ordinal);

    /// <summary>Runs after the real handler returned, before the engine sees the result (crash tests).</summary>
    public Func<string, CancellationToken, Task>? AfterInvoke { get; set; }

    public LambdaFaults FailNext(string function, string errorType, int times = 1)
    {
        var queue = failures.GetOrAdd(function, _ => new ConcurrentQueue<string>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(errorType);
        }

        return this;
    }

    public void Clear(string function) => failures.TryRemove(function, out _);

    public string? TakeFailure(string function) =>
        failures.TryGetValue(function, out var queue) && queue.TryDequeue(out var error) ? error : null;
}
