using Fulfilment.Contracts.Errors;
using Inbox = Fulfilment.Local.NotificationInbox.NotificationInbox;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Testing;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow.Real;

/// <summary>
/// The workflow's retry, compensation, redrive and crash paths with the real handlers, DynamoDB Local and the fake card
/// processor: the money (processor ledger) and the stock (inventory table) prove there are no double effects.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealWorkflowTests(DynamoDbLocalFixture db) : IClassFixture<DynamoDbLocalFixture>, IAsyncLifetime
{
    private const string LambdaServiceException = "Lambda.ServiceException";
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "sfn-real-" + Guid.NewGuid().ToString("N"));
    private FakePaymentProcessor processor = null!;
    private Inbox inbox = null!;

    public async Task InitializeAsync()
    {
        // tok_flaky fails 3 times per idempotency key: more than the charge handler's own single retry, so the workflow retries.
        processor = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { FlakyFailures = 3 }, CancellationToken.None);
        inbox = await Inbox.StartAsync(null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await processor.DisposeAsync();
        await inbox.DisposeAsync();
        try
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL briefly on a loaded machine; the temp folder is cleaned by the OS later.
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenPaymentProviderFlaky_ShouldRetryAndCaptureOnce(bool fastPaths)
    {
        await using var h = await RealWorkflowHarness.StartAsync(db, processor, inbox, fastPaths: fastPaths);
        var order = await h.NewOrderAsync(db, "tok_flaky");
        var result = await h.RunAsync(order);
        Assert.Equal(
            ("SUCCEEDED", "Received,InventoryReserved,PaymentCaptured,Completed", 1),
            (result.Status, string.Join(",", await RealWorkflowHarness.StatusHistoryAsync(db, order.OrderId)), processor.Ledger(order.OrderId).Captures.Count));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenReleaseFailsTwiceThenWorks_ShouldEndPaymentFailedWithStockRestored(bool fastPaths)
    {
        var faults = new LambdaFaults().FailNext("inventory-release", LambdaServiceException, times: 2);
        await using var h = await RealWorkflowHarness.StartAsync(db, processor, inbox, faults: faults, fastPaths: fastPaths);
        var order = await h.NewOrderAsync(db, "tok_decline", stock: 10);
        var result = await h.RunAsync(order);
        Assert.Equal(
            ("SUCCEEDED", "Received,InventoryReserved,PaymentFailed", 10L, 0),
            (result.Status, string.Join(",", await RealWorkflowHarness.StatusHistoryAsync(db, order.OrderId)), await h.AvailableAsync(order.Lines[0].Sku), processor.Ledger(order.OrderId).Captures.Count));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redrive_WhenCompensationKeptFailingThenFixed_ShouldRefundOnceAndRestoreStockOnce(bool fastPaths)
    {
        // The charge is captured, the commit fails (refund and release needed), and the release keeps failing past its retries.
        var faults = new LambdaFaults()
            .FailNext("inventory-commit", ErrorNames.ReservationStateConflict)
            .FailNext("inventory-release", LambdaServiceException, times: 100);
        await using var h = await RealWorkflowHarness.StartAsync(db, processor, inbox, faults: faults, fastPaths: fastPaths);
        var order = await h.NewOrderAsync(db, "tok_visa", stock: 10);
        var failed = await h.RunAsync(order);
        faults.Clear("inventory-release");

        await h.Service.RedriveExecutionAsync(failed.ExecutionArn);
        var result = await h.Service.WaitForCompletionAsync(failed.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(120));

        var ledger = processor.Ledger(order.OrderId);
        Assert.Equal(
            ("FAILED", "CompensationFailed", "SUCCEEDED", "Received,InventoryReserved,PaymentCaptured,CompensationFailed,PaymentFailed", 1, 1, 10L),
            (failed.Status, failed.Error, result.Status, string.Join(",", await RealWorkflowHarness.StatusHistoryAsync(db, order.OrderId)),
             ledger.Captures.Count, ledger.Refunds.Count, await h.AvailableAsync(order.Lines[0].Sku)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Resume_WhenEngineDiedAfterTheChargeWasCaptured_ShouldCompleteWithOneCapture(bool fastPaths)
    {
        var captured = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var faults = new LambdaFaults
        {
            // The processor captured and the handler returned; the engine "crashes" before it records the result.
            AfterInvoke = async (function, ct) =>
            {
                if (function == "payment-charge" && captured.TrySetResult())
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        Contracts.Orders.NewOrderEvent order;
        string executionArn;
        await using (var store = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None))
        {
            var first = await RealWorkflowHarness.StartAsync(db, processor, inbox, store, faults, fastPaths: fastPaths);
            order = await first.NewOrderAsync(db, "tok_visa", stock: 10);
            executionArn = await first.StartAsync(order);
            await captured.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await first.DisposeAsync();
        }

        await using var reopened = await SqliteExecutionStore.OpenAsync(dataDir, CancellationToken.None);
        await using var second = await RealWorkflowHarness.StartAsync(db, processor, inbox, reopened, fastPaths: fastPaths);
        await second.Service.ResumeRunningExecutionsAsync();
        var result = await second.Service.WaitForCompletionAsync(executionArn).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(
            ("SUCCEEDED", "Received,InventoryReserved,PaymentCaptured,Completed", 1, 8L),
            (result.Status, string.Join(",", await RealWorkflowHarness.StatusHistoryAsync(db, order.OrderId)), processor.Ledger(order.OrderId).Captures.Count, await second.AvailableAsync(order.Lines[0].Sku)));
    }
}
