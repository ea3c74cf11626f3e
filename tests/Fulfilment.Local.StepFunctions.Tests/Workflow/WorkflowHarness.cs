using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>The real order-fulfilment.asl.json in the engine, with fake step handlers, orders table and bus.</summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> Substitutions = new Dictionary<string, string>
    {
        ["InventoryReserveFunctionArn"] = Arn("inventory-reserve"),
        ["InventoryReleaseFunctionArn"] = Arn("inventory-release"),
        ["InventoryCommitFunctionArn"] = Arn("inventory-commit"),
        ["PaymentChargeFunctionArn"] = Arn("payment-charge"),
        ["PaymentRefundFunctionArn"] = Arn("payment-refund"),
        ["NotificationFunctionArn"] = Arn("notification"),
        ["OrdersTableName"] = "fulfilment-orders",
        ["EventBusName"] = "fulfilment",
    };

    private WorkflowHarness(ExecutionService service, FakeSteps steps, FakeOrdersTable table, FakeBus bus, string stateMachineArn)
    {
        Service = service;
        Steps = steps;
        Table = table;
        Bus = bus;
        StateMachineArn = stateMachineArn;
    }

    public ExecutionService Service { get; }

    public FakeSteps Steps { get; }

    public FakeOrdersTable Table { get; }

    public FakeBus Bus { get; }

    public string StateMachineArn { get; }

    public static string DefinitionText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "order-fulfilment.asl.json"));

    public static async Task<WorkflowHarness> StartAsync(IExecutionStore? store = null, FakeSteps? steps = null, FakeOrdersTable? table = null, FakeBus? bus = null, IEngineClock? clock = null, bool fastPaths = true)
    {
        steps ??= new FakeSteps();
        table ??= new FakeOrdersTable();
        bus ??= new FakeBus();
        var registry = new TaskInvokerRegistry([new LambdaTaskInvoker(steps.InvokeAsync), table, new EventsTaskInvoker(bus)]);
        var service = new ExecutionService(store ?? new InMemoryExecutionStore(), registry, clock ?? new InstantEngineClock(), new ExecutionServiceOptions { FastPaths = fastPaths });
        var machine = await service.CreateStateMachineAsync("order-fulfilment", DefinitionSubstitutions.Apply(DefinitionText, Substitutions));
        return new WorkflowHarness(service, steps, table, bus, machine.StateMachineArn);
    }

    public static NewOrderEvent NewOrder(string? orderId = null) => new(
        NewOrderEvent.CurrentVersion,
        orderId ?? OrderIds.New(),
        "idem-1",
        "cust-1",
        [new OrderLine("SKU-1", 2, 1250), new OrderLine("SKU-2", 1, 500)],
        "EUR",
        "tok_visa",
        "corr-1",
        DateTimeOffset.Parse("2026-11-24T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Starts the execution the way the order service does (name = orderId) and waits for it to end.</summary>
    public async Task<ExecutionDescription> RunAsync(NewOrderEvent order)
    {
        Table.Seed(order.OrderId);
        var start = await Service.StartExecutionAsync(StateMachineArn, order.OrderId, JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent));
        return await Service.WaitForCompletionAsync(start.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public IReadOnlyList<string> Statuses(string orderId) => Table.Get(orderId).History;

    public ValueTask DisposeAsync() => Service.DisposeAsync();

    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
}
