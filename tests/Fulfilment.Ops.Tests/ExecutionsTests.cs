using System.Text.Json;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>`executions list|show|redrive|stop` against the running local stack, with failures made the way ops meet them.</summary>
[Collection(OpsStackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ExecutionsTests(OpsStackFixture stack)
{
    private const string Sku = "SKU-TEA-EARL-GREY";

    [Fact]
    public async Task Redrive_WhenOrdersHeldDuringAProviderOutageAreRedrivenAfterTheFix_ShouldEndEachOrderWithAtMostOneNetCapture()
    {
        // The provider hangs: every charge attempt times out, nothing is captured.
        stack.Stack.PaymentProcessor.Faults = new FaultSettings(AddedLatencyMs: 60_000);
        string[] orders;
        try
        {
            orders = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stack.PostOrderAsync(Sku, 1)));
            foreach (var order in orders)
            {
                Assert.True(await OpsStackFixture.EventuallyAsync(() => HasEnteredAsync(order, "ChargePayment"), TimeSpan.FromMinutes(1)), $"{order} never reached ChargePayment");
            }

            // Ops hold the orders instead of letting them run out of retries into PaymentFailed.
            var stop = await stack.FulfilAsync(["executions", "stop", .. orders, "--error", "PaymentProviderOutage", "--cause", "provider timing out; held by ops"]);
            Assert.True(stop.ExitCode == ExitCodes.Ok, stop.ToString());
        }
        finally
        {
            stack.Stack.PaymentProcessor.Faults = FaultSettings.None;
        }

        var listed = await stack.FulfilAsync("executions", "list", "--status", "ABORTED", "--error", "PaymentProviderOutage", "--json");
        var held = listed.Json().EnumerateArray().Select(e => (e.GetProperty("name").GetString(), e.GetProperty("failedState").GetString())).ToHashSet();
        Assert.True(orders.All(o => held.Contains((o, "ChargePayment"))), listed.ToString());

        var dryRun = await stack.FulfilAsync("executions", "redrive", "--all-failed", "--error", "PaymentProviderOutage", "--dry-run", "--json");
        Assert.True(dryRun.ExitCode == ExitCodes.Ok && dryRun.Json().EnumerateArray().Count(e => e.GetProperty("result").GetString() == "WouldRedrive") == orders.Length, dryRun.ToString());
        foreach (var order in orders)
        {
            Assert.Equal("ABORTED", (await StatusOf(order)).Status);
        }

        var redrive = await stack.FulfilAsync("executions", "redrive", "--all-failed", "--error", "PaymentProviderOutage", "--wait", "--json");
        Assert.True(redrive.ExitCode == ExitCodes.Ok, redrive.ToString());

        var outcomes = new List<(string, OrderStatus, int)>();
        foreach (var order in orders)
        {
            var final = await stack.WaitForTerminalAsync(order);
            var ledger = stack.Stack.PaymentProcessor.Ledger(order);
            outcomes.Add((order, final.Status, ledger.Captures.Count - ledger.Refunds.Count));
        }

        // Completed with exactly one capture, or PaymentFailed with nothing kept: never a second charge.
        Assert.All(outcomes, o => Assert.True(o.Item2 == OrderStatus.Completed ? o.Item3 == 1 : o.Item2 == OrderStatus.PaymentFailed && o.Item3 == 0, $"{o}"));
    }

    [Fact]
    public async Task Redrive_WhenCompensationFailedDuringAnOutage_ShouldEndPaymentFailedWithNoMoneyKept()
    {
        // The provider is down: the charges run out of retries with no answer recorded, and the compensation's refund,
        // which must first learn from the provider whether the charge was taken, keeps failing too: CompensationFailed.
        stack.Stack.PaymentProcessor.Faults = new FaultSettings(ErrorRate: 1);
        string[] orders;
        try
        {
            orders = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => stack.PostOrderAsync(Sku, 1)));
            foreach (var order in orders)
            {
                Assert.True(
                    await OpsStackFixture.EventuallyAsync(async () => await HasEnteredAsync(order, "CompensationFailed") && (await StatusOf(order)).Status == "FAILED", TimeSpan.FromMinutes(5)),
                    $"{order} did not end in CompensationFailed");
            }
        }
        finally
        {
            stack.Stack.PaymentProcessor.Faults = FaultSettings.None;
        }

        var listed = await stack.FulfilAsync("executions", "list", "--status", "FAILED", "--error", "CompensationFailed", "--json");
        var names = listed.Json().EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.True(orders.All(names.Contains), listed.ToString());

        var redrive = await stack.FulfilAsync("executions", "redrive", "--all-failed", "--error", "CompensationFailed", "--wait");
        Assert.True(redrive.ExitCode == ExitCodes.Ok, redrive.ToString());
        foreach (var order in orders)
        {
            var final = await stack.WaitForTerminalAsync(order);
            var ledger = stack.Stack.PaymentProcessor.Ledger(order);
            Assert.Equal((OrderStatus.PaymentFailed, ledger.Captures.Sum(c => c.Amount)), (final.Status, ledger.Refunds.Sum(r => r.Amount)));
        }
    }

    [Fact]
    public async Task List_WhenFilteredByError_ShouldShowTheFailingStateAndCause()
    {
        var name = await StartBrokenExecutionAsync();

        var result = await stack.FulfilAsync("executions", "list", "--status", "FAILED", "--error", "InvalidInput", "--since", "10m", "--json");

        var row = result.Json().EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Assert.Equal(("InvalidInput", "ReserveInventory", true), (row.GetProperty("error").GetString(), row.GetProperty("failedState").GetString(), row.GetProperty("cause").GetString()!.Contains("quantity", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_WhenJson_ShouldHoldTheSameExecutionsAsTheTable()
    {
        await StartBrokenExecutionAsync();

        var json = await stack.FulfilAsync("executions", "list", "--status", "FAILED", "--json");
        var table = await stack.FulfilAsync("executions", "list", "--status", "FAILED");

        var names = json.Json().EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
        var tableRows = table.Out.Split('\n').Where(line => line.Contains("FAILED", StringComparison.Ordinal)).ToList();
        Assert.True(
            names.Count > 0 && names.All(n => tableRows.Any(r => r.Contains(n, StringComparison.Ordinal))) && tableRows.Count == names.Count && table.Out.Contains($"{names.Count} execution(s).", StringComparison.Ordinal),
            $"{json}\n{table}");
    }

    [Fact]
    public async Task Show_WhenExecutionFailed_ShouldPutTheFailureOnTheTimeline()
    {
        var name = await StartBrokenExecutionAsync();

        var json = await stack.FulfilAsync("executions", "show", name, "--json");
        var table = await stack.FulfilAsync("executions", "show", name);

        var failure = json.Json().GetProperty("timeline").EnumerateArray().First(e => e.GetProperty("isFailure").GetBoolean());
        Assert.True(
            failure.GetProperty("error").GetString() == "InvalidInput" && failure.GetProperty("state").GetString() == "ReserveInventory"
            && table.Out.Contains("Failed state", StringComparison.Ordinal) && table.Out.Contains("ExecutionFailed", StringComparison.Ordinal),
            $"{json}\n{table}");
    }

    [Fact]
    public async Task Redrive_WhenTheCauseIsNotFixed_ShouldReportFailedAgainAndExitOne()
    {
        var name = await StartBrokenExecutionAsync();

        var result = await stack.FulfilAsync("executions", "redrive", name, "--wait", "--wait-timeout", "60s", "--json");

        var outcome = result.Json().EnumerateArray().Single();
        Assert.True(
            result.ExitCode == ExitCodes.Failure && outcome.GetProperty("result").GetString() == "Failed" && outcome.GetProperty("finalStatus").GetString() == "FAILED",
            result.ToString());
    }

    [Fact]
    public async Task Redrive_WhenTheSameIdIsGivenTwice_ShouldRedriveItOnce()
    {
        var name = await StartBrokenExecutionAsync();

        var result = await stack.FulfilAsync("executions", "redrive", name, name, "--json");
        var described = await StatusOf(name);

        Assert.True(result.Json().GetArrayLength() == 1 && described.RedriveCount == 1, $"{result}\nredriveCount {described.RedriveCount}");
    }

    [Fact]
    public async Task Redrive_WhenExecutionSucceeded_ShouldSayNotRedrivableAndExitOne()
    {
        var order = await stack.PostOrderAsync(Sku, 1);
        await stack.WaitForTerminalAsync(order);
        Assert.True(await OpsStackFixture.EventuallyAsync(async () => (await StatusOf(order)).Status == "SUCCEEDED", TimeSpan.FromSeconds(30)));

        var result = await stack.FulfilAsync("executions", "redrive", order, "--json");

        Assert.True(result.ExitCode == ExitCodes.Failure && result.Json().EnumerateArray().Single().GetProperty("result").GetString() == "NotRedrivable", result.ToString());
    }

    [Fact]
    public async Task Exe_WhenListingAgainstTheStack_ShouldPrintParseableJsonAndExitZero()
    {
        var name = await StartBrokenExecutionAsync();

        var (exit, stdout, stderr) = await ProcessTests.RunAsync("executions", "list", "--status", "FAILED", "--json", "--endpoint-url", stack.Stack.EdgeUrl.ToString());

        using var document = JsonDocument.Parse(stdout);
        Assert.True(exit == ExitCodes.Ok && document.RootElement.EnumerateArray().Any(e => e.GetProperty("name").GetString() == name), $"{exit}\n{stdout}\n{stderr}");
    }

    /// <summary>
    /// An execution started by a buggy producer straight through StartExecution, with a line of quantity 0 that the
    /// HTTP API would have refused: ReserveInventory fails with InvalidInput, which is neither retried nor caught.
    /// </summary>
    private async Task<string> StartBrokenExecutionAsync()
    {
        var order = new NewOrderEvent("1", OrderIds.New(), Guid.NewGuid().ToString(), "cust-broken", [new OrderLine(Sku, 0, 100)], "EUR", "tok_ok", Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        var machine = await StateMachineArnAsync();
        var started = await stack.StepFunctions.StartExecutionAsync(new StartExecutionRequest
        {
            StateMachineArn = machine,
            Name = order.OrderId,
            Input = JsonSerializer.Serialize(order, ContractsJsonContext.Default.NewOrderEvent),
        });
        Assert.True(await OpsStackFixture.EventuallyAsync(async () => (await StatusOf(order.OrderId)).Status == "FAILED", TimeSpan.FromMinutes(1)), $"{started.ExecutionArn} did not fail");
        return order.OrderId;
    }

    private async Task<bool> HasEnteredAsync(string name, string state)
    {
        try
        {
            var history = await stack.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = await ArnAsync(name), MaxResults = 1000 });
            return history.Events.Any(e => e.StateEnteredEventDetails?.Name == state);
        }
        catch (ExecutionDoesNotExistException)
        {
            // Intake has not started it yet (the API only queues the order).
            return false;
        }
    }

    private async Task<(string Status, int RedriveCount)> StatusOf(string name)
    {
        var description = await stack.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = await ArnAsync(name) });
        return (description.Status, description.RedriveCount ?? 0);
    }

    private async Task<string> ArnAsync(string name) =>
        (await StateMachineArnAsync()).Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    private async Task<string> StateMachineArnAsync() =>
        (await stack.StepFunctions.ListStateMachinesAsync(new ListStateMachinesRequest())).StateMachines.Single(m => m.Name == "order-fulfilment").StateMachineArn;
}
