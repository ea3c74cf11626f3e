using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Tests.Workflow;

namespace Fulfilment.Local.StepFunctions.Tests.Service;

/// <summary>Crash and resume: the engine is disposed mid-execution over SQLite and a new engine finishes the run.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "sfn-durability-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resume_WhenEngineDiedDuringCharge_ShouldCompleteWithoutRedoingTheReservation(bool fastPaths)
    {
        var steps = new FakeSteps();
        var table = new FakeOrdersTable();
        var bus = new FakeBus();
        var order = WorkflowHarness.NewOrder();
        steps.Gates["payment-charge"] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        {
            // Real-length task timeouts here: the charge must still be in flight when the engine "crashes", however loaded the machine.
            var first = await WorkflowHarness.StartAsync(store, steps, table, bus, new Fulfilment.Local.StepFunctions.Execution.InstantEngineClock(timeoutScale: 1), fastPaths: fastPaths);
            table.Seed(order.OrderId);
            var start = await first.Service.StartExecutionAsync(first.StateMachineArn, order.OrderId, System.Text.Json.JsonSerializer.Serialize(order, Fulfilment.Contracts.Serialization.ContractsJsonContext.Default.NewOrderEvent));
            executionArn = start.ExecutionArn;
            await WaitUntilAsync(() => steps.Calls("payment-charge") == 1);
            await first.DisposeAsync(); // the "crash": the charge never returned
        }

        steps.Gates.TryRemove("payment-charge", out _);
        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = await WorkflowHarness.StartAsync(reopened, steps, table, bus, fastPaths: fastPaths);
        var stillRunning = (await second.Service.DescribeExecutionAsync(executionArn)).Status;
        var resumed = await second.Service.ResumeRunningExecutionsAsync();
        var result = await second.Service.WaitForCompletionAsync(executionArn).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("RUNNING", 1, "SUCCEEDED", 1, 2, "Received,InventoryReserved,PaymentCaptured,Completed"),
            (stillRunning, resumed, result.Status, steps.Calls("inventory-reserve"), steps.Calls("payment-charge"), string.Join(",", table.Get(order.OrderId).History)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resume_WhenEngineDiedAfterStatusWriteBeforeItsResult_ShouldStillPublishThatStatusOnce(bool fastPaths)
    {
        var steps = new FakeSteps();
        var table = new FakeOrdersTable();
        var bus = new FakeBus();
        var order = WorkflowHarness.NewOrder();
        var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // DynamoDB applied the InventoryReserved write; the process dies before the engine records the task's result.
        table.AfterApply = async (status, ct) =>
        {
            if (status == "InventoryReserved")
            {
                applied.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        };
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        {
            var first = await WorkflowHarness.StartAsync(store, steps, table, bus, new Fulfilment.Local.StepFunctions.Execution.InstantEngineClock(timeoutScale: 1), fastPaths: fastPaths);
            table.Seed(order.OrderId);
            executionArn = (await first.Service.StartExecutionAsync(first.StateMachineArn, order.OrderId, System.Text.Json.JsonSerializer.Serialize(order, Fulfilment.Contracts.Serialization.ContractsJsonContext.Default.NewOrderEvent))).ExecutionArn;
            await applied.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await first.DisposeAsync();
        }

        table.AfterApply = null;
        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = await WorkflowHarness.StartAsync(reopened, steps, table, bus, fastPaths: fastPaths);
        await second.Service.ResumeRunningExecutionsAsync();
        var result = await second.Service.WaitForCompletionAsync(executionArn).WaitAsync(TimeSpan.FromSeconds(60));

        var reserved = bus.Published.Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Detail)!).Where(d => d["status"]!.GetValue<string>() == "InventoryReserved").ToList();
        Assert.Equal(
            ("SUCCEEDED", 1, 2, "Received"),
            (result.Status, reserved.Count, reserved[0]["sequence"]!.GetValue<int>(), reserved[0]["previousStatus"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task History_WhenReopened_ShouldKeepEveryEventWithIncreasingIds(bool fastPaths)
    {
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        {
            await using var h = await WorkflowHarness.StartAsync(store, fastPaths: fastPaths);
            var result = await h.RunAsync(WorkflowHarness.NewOrder());
            executionArn = result.ExecutionArn;
        }

        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        var history = await reopened.GetHistoryAsync(executionArn, CancellationToken.None);
        Assert.Equal(
            ("ExecutionStarted", "ExecutionSucceeded", string.Join(",", Enumerable.Range(1, history.Count))),
            (history[0].Type, history[^1].Type, string.Join(",", history.Select(e => e.Id))));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL briefly on a loaded machine; the temp folder is cleaned by the OS later.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the condition.");
            await Task.Delay(20);
        }
    }
}
