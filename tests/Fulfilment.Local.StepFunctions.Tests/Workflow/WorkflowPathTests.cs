using System.Text.Json.Nodes;
using Fulfilment.Contracts.Errors;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>Every path of order-fulfilment.asl.json, run in the engine with in-process fakes.</summary>
public sealed class WorkflowPathTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenEverythingSucceeds_ShouldCompleteWithFourStatuses(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "Received,InventoryReserved,PaymentCaptured,Completed"), (result.Status, string.Join(",", h.Statuses(order.OrderId))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenEverythingSucceeds_ShouldPublishContractEventsInSequence(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        var order = WorkflowHarness.NewOrder();
        await h.RunAsync(order);
        var details = h.Bus.Published.Select(e => JsonNode.Parse(e.Detail)!).ToList();
        var summary = details.Select(d => $"{d["eventId"]}|{d["sequence"]}|{d["previousStatus"]}|{d["version"]}|{d["correlationId"]}").ToArray();
        Assert.Equal(
            [
                $"{order.OrderId}#Received|1||1|corr-1",
                $"{order.OrderId}#InventoryReserved|2|Received|1|corr-1",
                $"{order.OrderId}#PaymentCaptured|3|InventoryReserved|1|corr-1",
                $"{order.OrderId}#Completed|4|PaymentCaptured|1|corr-1",
            ],
            summary);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenEverythingSucceeds_ShouldPublishToTheFulfilmentBusWithContractSourceAndType(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        await h.RunAsync(WorkflowHarness.NewOrder());
        Assert.All(h.Bus.Published, e => Assert.Equal(("fulfilment", "fulfilment.orders", "OrderStatusChanged"), (e.EventBusName, e.Source, e.DetailType)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenOutOfStock_ShouldRejectWithoutCharging(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("inventory-reserve", ErrorNames.InsufficientStock);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "Received,Rejected", 0, "InsufficientStock"), (result.Status, string.Join(",", h.Statuses(order.OrderId)), h.Steps.Calls("payment-charge"), h.Table.Get(order.OrderId).Reason));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenOutOfStock_ShouldNotifyOrderRejected(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("inventory-reserve", ErrorNames.InsufficientStock);
        await h.RunAsync(WorkflowHarness.NewOrder());
        Assert.Contains(h.Steps.Invocations, i => i.Function == "notification" && i.Payload!["kind"]!.GetValue<string>() == "OrderRejected");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenPaymentDeclined_ShouldReleaseWithoutRefundAndEndPaymentFailed(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentDeclined);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(
            ("SUCCEEDED", "Received,InventoryReserved,PaymentFailed", 1, 0, 1),
            (result.Status, string.Join(",", h.Statuses(order.OrderId)), h.Steps.Calls("inventory-release"), h.Steps.Calls("payment-refund"), h.Steps.Calls("payment-charge")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenPaymentProviderFlakyTwice_ShouldRetryAndComplete(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentProviderUnavailable, times: 2);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "Completed", 3), (result.Status, h.Table.Get(order.OrderId).Status, h.Steps.Calls("payment-charge")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenPaymentProviderStaysDown_ShouldRefundReleaseAndEndPaymentFailed(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentProviderUnavailable, times: 100);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "PaymentFailed", 5, 1, 1), (result.Status, h.Table.Get(order.OrderId).Status, h.Steps.Calls("payment-charge"), h.Steps.Calls("payment-refund"), h.Steps.Calls("inventory-release")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenLambdaThrottled_ShouldRetryTheStep(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("inventory-reserve", "Lambda.TooManyRequestsException", times: 2);
        var result = await h.RunAsync(WorkflowHarness.NewOrder());
        Assert.Equal(("SUCCEEDED", 3), (result.Status, h.Steps.Calls("inventory-reserve")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenCompensationFailsThreeTimes_ShouldStillEndPaymentFailed(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentDeclined);
        h.Steps.FailNext("inventory-release", ErrorNames.InventoryUnavailable, times: 3);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "PaymentFailed", 4), (result.Status, h.Table.Get(order.OrderId).Status, h.Steps.Calls("inventory-release")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenCompensationExhausted_ShouldFailWithCompensationFailed(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentDeclined);
        h.Steps.FailNext("inventory-release", ErrorNames.InventoryUnavailable, times: 100);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);

        // Two rounds of 7 attempts (the release's own 6 retries, then Compensate's one retry of the whole branch).
        Assert.Equal(
            ("FAILED", "CompensationFailed", "CompensationFailed", 14),
            (result.Status, result.Error, h.Table.Get(order.OrderId).Status, h.Steps.Calls("inventory-release")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redrive_WhenCompensationFixed_ShouldEndPaymentFailedWithoutRedoingSuccessfulSteps(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("payment-charge", ErrorNames.PaymentDeclined);
        h.Steps.FailNext("inventory-release", ErrorNames.InventoryUnavailable, times: 100);
        var order = WorkflowHarness.NewOrder();
        var failed = await h.RunAsync(order);
        h.Steps.ClearFailures("inventory-release");

        await h.Service.RedriveExecutionAsync(failed.ExecutionArn);
        var result = await h.Service.WaitForCompletionAsync(failed.ExecutionArn).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(
            ("SUCCEEDED", 1, "Received,InventoryReserved,CompensationFailed,PaymentFailed", 1, 1),
            (result.Status, result.RedriveCount, string.Join(",", h.Statuses(order.OrderId)), h.Steps.Calls("inventory-reserve"), h.Steps.Calls("payment-charge")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenNotificationFails_ShouldStillComplete(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("notification", ErrorNames.NotificationUnavailable, times: 100);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "Completed"), (result.Status, h.Table.Get(order.OrderId).Status));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenCommitFails_ShouldRefundAndRelease(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("inventory-commit", ErrorNames.ReservationStateConflict);
        var order = WorkflowHarness.NewOrder();
        var result = await h.RunAsync(order);
        Assert.Equal(("SUCCEEDED", "PaymentFailed", 1, 1), (result.Status, h.Table.Get(order.OrderId).Status, h.Steps.Calls("payment-refund"), h.Steps.Calls("inventory-release")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenReserveCalled_ShouldSendTheContractRequest(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        var order = WorkflowHarness.NewOrder();
        await h.RunAsync(order);
        var payload = h.Steps.Invocations.First(i => i.Function == "inventory-reserve").Payload!;
        Assert.Equal((order.OrderId, "SKU-1", 2, "corr-1"), (payload["orderId"]!.GetValue<string>(), payload["lines"]![0]!["sku"]!.GetValue<string>(), payload["lines"]![0]!["quantity"]!.GetValue<int>(), payload["correlationId"]!.GetValue<string>()));
    }
}
