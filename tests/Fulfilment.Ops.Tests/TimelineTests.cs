using System.Text.Json;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Ops.Events;
using Fulfilment.Ops.Executions;

namespace Fulfilment.Ops.Tests;

/// <summary>How a history becomes timeline rows and an event becomes a line, without a stack.</summary>
public sealed class TimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    private static readonly HistoryEvent[] FailedRun =
    [
        new() { Id = 1, Type = "ExecutionStarted", Timestamp = Start },
        new() { Id = 2, Type = "TaskStateEntered", Timestamp = Start.AddSeconds(1), StateEnteredEventDetails = new() { Name = "ReserveInventory" } },
        new()
        {
            Id = 3, Type = "LambdaFunctionFailed", Timestamp = Start.AddSeconds(2),
            OtherDetails = new(StringComparer.Ordinal) { ["lambdaFunctionFailedEventDetails"] = JsonDocument.Parse("""{"error":"InvalidInput","cause":"quantity 0"}""").RootElement.Clone() },
        },
        new() { Id = 4, Type = "ExecutionFailed", Timestamp = Start.AddSeconds(3), ExecutionFailedEventDetails = new() { Error = "InvalidInput", Cause = "quantity 0" } },
    ];

    [Fact]
    public void From_WhenATaskFailed_ShouldCarryItsErrorAndStateOnTheFailureRow()
    {
        var rows = Timeline.From(FailedRun);

        Assert.Equal(("ReserveInventory", "InvalidInput", "quantity 0", true, 2.0), (rows[2].State, rows[2].Error, rows[2].Cause, rows[2].IsFailure, rows[2].OffsetSeconds));
    }

    [Fact]
    public void FailedState_WhenATaskFailed_ShouldBeThatTasksState()
    {
        Assert.Equal("ReserveInventory", Timeline.FailedState(FailedRun, "FAILED"));
    }

    [Fact]
    public void FailedState_WhenACaughtFailureLedToAFailState_ShouldNameTheStepThatFailed()
    {
        HistoryEvent[] compensationFailed =
        [
            Entered(1, "RefundPayment"),
            new() { Id = 2, Type = "LambdaFunctionFailed", Timestamp = Start },
            Entered(3, "RecordCompensationFailed"),
            Entered(4, "CompensationFailed"),
            new() { Id = 5, Type = "ExecutionFailed", Timestamp = Start },
        ];

        Assert.Equal("RefundPayment", Timeline.FailedState(compensationFailed, "FAILED"));
    }

    [Fact]
    public void FailedState_WhenAborted_ShouldBeTheStateItWasStoppedIn()
    {
        HistoryEvent[] aborted = [Entered(1, "NotifyCustomer"), new() { Id = 2, Type = "LambdaFunctionFailed", Timestamp = Start }, Entered(3, "RecordCompleted"), new() { Id = 4, Type = "ExecutionAborted", Timestamp = Start }];

        Assert.Equal("RecordCompleted", Timeline.FailedState(aborted, "ABORTED"));
    }

    [Fact]
    public void Format_WhenEventIsOrderStatusChanged_ShouldShowStatusSequenceAndOrder()
    {
        var line = EventLine.Format("""{"time":"2026-11-24T06:00:00Z","detail-type":"OrderStatusChanged","detail":{"orderId":"01ABC","status":"Completed","sequence":5}}""");

        Assert.Equal("2026-11-24T06:00:00Z  OrderStatusChanged  Completed#5  01ABC", line);
    }

    private static HistoryEvent Entered(long id, string state) =>
        new() { Id = id, Type = "TaskStateEntered", Timestamp = Start, StateEnteredEventDetails = new() { Name = state } };
}
