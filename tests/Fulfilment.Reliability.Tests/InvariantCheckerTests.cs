using Fulfilment.Verification;

namespace Fulfilment.Reliability.Tests;

/// <summary>The checker on hand-made states: a clean state passes, and each kind of broken promise is caught.</summary>
public sealed class InvariantCheckerTests
{
    private const string A = "01AAAAAAAAAAAAAAAAAAAAAAAA";
    private const string B = "01BBBBBBBBBBBBBBBBBBBBBBBB";

    [Fact]
    public void Check_WhenStateIsConsistent_ShouldReportNoViolation()
    {
        var report = InvariantChecker.Check(Clean(), Expect());

        Assert.True(report.Passed, report.Summary());
    }

    [Fact]
    public void Check_WhenAcceptedOrderHasNoItem_ShouldReportOrderLost()
    {
        var report = InvariantChecker.Check(Clean(), Expect() with { AcceptedOrderIds = [A, B, "01CCCCCCCCCCCCCCCCCCCCCCCC"] });

        AssertOnly(report, ViolationKind.OrderLost, "01CCCCCCCCCCCCCCCCCCCCCCCC");
    }

    [Fact]
    public void Check_WhenOrderIsStuckWithoutReason_ShouldReportOrderNotTerminal()
    {
        var state = Clean();
        var stuck = state with { Orders = With(state.Orders, Order(B, "InventoryReserved", ["Received", "InventoryReserved"])), Stock = With(state.Stock, new StockRecord("SKU-1", 7, 1, 2)) };

        var report = InvariantChecker.Check(stuck, Expect());

        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.OrderNotTerminal && v.Subject == B);
    }

    [Fact]
    public void Check_WhenOrderIsRunningWithReason_ShouldAcceptIt()
    {
        var state = Clean();
        var waiting = state with
        {
            Orders = With(state.Orders, Order(B, "InventoryReserved", ["Received", "InventoryReserved"]) with { Reason = "execution RUNNING: waiting for a retry" }),
            Stock = With(state.Stock, new StockRecord("SKU-1", 7, 1, 2)),
            Events = [.. state.Events.Where(e => e.OrderId != B || e.Status is "Received" or "InventoryReserved")],
        };

        var report = InvariantChecker.Check(waiting, Expect());

        Assert.DoesNotContain(report.Violations, v => v.Kind == ViolationKind.OrderNotTerminal);
    }

    [Fact]
    public void Check_WhenStockUnitVanished_ShouldReportStockNotConserved()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Stock = With(state.Stock, new StockRecord("SKU-1", 7, 0, 2)) }, Expect());

        AssertOnly(report, ViolationKind.StockNotConserved, "SKU-1");
    }

    [Fact]
    public void Check_WhenStockIsOversold_ShouldReportSoldMismatch()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Stock = With(state.Stock, new StockRecord("SKU-1", 5, 0, 5)) }, Expect());

        AssertOnly(report, ViolationKind.SoldMismatch, "SKU-1");
    }

    [Fact]
    public void Check_WhenCompletedOrderHasNoCapture_ShouldReportCaptureMissing()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Ledger = state.Ledger with { Captures = [.. state.Ledger.Captures.Where(c => c.OrderId != A)] } }, Expect());

        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.CaptureMissing && v.Subject == A);
    }

    [Fact]
    public void Check_WhenOrderIsCapturedTwice_ShouldReportDoubleCharge()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Ledger = state.Ledger with { Captures = [.. state.Ledger.Captures, new LedgerRecord("ch_2", A, 2500)] } }, Expect());

        AssertOnly(report, ViolationKind.DoubleCharge, A);
    }

    [Fact]
    public void Check_WhenRefundedOrderHasNoRefund_ShouldReportRefundMismatch()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Ledger = state.Ledger with { Refunds = [] } }, Expect());

        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.RefundMismatch && v.Subject == B);
    }

    [Fact]
    public void Check_WhenRefundIsPartial_ShouldReportRefundMismatch()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Ledger = state.Ledger with { Refunds = [new LedgerRecord("re_1", B, 100, "ch_b")] } }, Expect());

        Assert.Contains(report.Violations, v => v.Kind == ViolationKind.RefundMismatch && v.Subject == B);
    }

    [Fact]
    public void Check_WhenChargedWithoutReservation_ShouldReportChargeWithoutReservation()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Reservations = new Dictionary<string, ReservationRecord> { [B] = new(B, "Released") } }, Expect());

        AssertOnly(report, ViolationKind.ChargeWithoutReservation, A);
    }

    [Fact]
    public void Check_WhenStatusHasTwoEventIds_ShouldReportEventDuplicated()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Events = [.. state.Events, new StatusEventRecord("other-id", A, "Completed", 9)] }, Expect());

        AssertOnly(report, ViolationKind.EventDuplicated, A);
    }

    [Fact]
    public void Check_WhenSameEventIsDeliveredTwice_ShouldAcceptItAfterDedupe()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Events = [.. state.Events, .. state.Events] }, Expect());

        Assert.True(report.Passed, report.Summary());
    }

    [Fact]
    public void Check_WhenStatusEventIsMissing_ShouldReportEventMissing()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { Events = [.. state.Events.Where(e => !(e.OrderId == A && e.Status == "PaymentCaptured"))] }, Expect());

        AssertOnly(report, ViolationKind.EventMissing, A);
    }

    [Fact]
    public void Check_WhenDlqHoldsARealOrder_ShouldReportDeadLetterUnexpected()
    {
        var state = Clean();
        var report = InvariantChecker.Check(state with { DeadLetters = ["poison-1", $$"""{"orderId":"{{B}}"}"""] }, Expect());

        AssertOnly(report, ViolationKind.DeadLetterUnexpected, B);
    }

    [Fact]
    public void Check_WhenInjectedPoisonIsMissingFromDlq_ShouldReportDeadLetterUnexpected()
    {
        var report = InvariantChecker.Check(Clean() with { DeadLetters = [] }, Expect());

        AssertOnly(report, ViolationKind.DeadLetterUnexpected, "dlq");
    }

    private static void AssertOnly(VerificationReport report, ViolationKind kind, string subject) =>
        Assert.True(report.Violations.Count > 0 && report.Violations.All(v => v.Kind == kind && v.Subject == subject), report.Summary());

    private static VerificationExpectations Expect() => new()
    {
        AcceptedOrderIds = [A, B],
        StockAdded = new Dictionary<string, long> { ["SKU-1"] = 10 },
        InjectedPoisonBodies = ["poison-1"],
    };

    /// <summary>Order A completed (2 units, captured once); order B failed after capture and was refunded.</summary>
    private static SystemSnapshot Clean() => new()
    {
        Orders = new Dictionary<string, OrderRecord>
        {
            [A] = Order(A, "Completed", ["Received", "InventoryReserved", "PaymentCaptured", "Completed"]),
            [B] = Order(B, "PaymentFailed", ["Received", "InventoryReserved", "PaymentFailed"]) with { Reason = "PaymentDeclined" },
        },
        Stock = new Dictionary<string, StockRecord> { ["SKU-1"] = new("SKU-1", 8, 0, 2) },
        Reservations = new Dictionary<string, ReservationRecord> { [A] = new(A, "Committed"), [B] = new(B, "Released") },
        Payments = new Dictionary<string, PaymentRecord> { [A] = new(A, "Captured", "ch_a", null), [B] = new(B, "Refunded", "ch_b", "re_b") },
        Ledger = new ProcessorLedger([new("ch_a", A, 2500), new("ch_b", B, 2500)], [new("re_b", B, 2500, "ch_b")], 0),
        Events =
        [
            new($"{A}#Received", A, "Received", 1), new($"{A}#InventoryReserved", A, "InventoryReserved", 2),
            new($"{A}#PaymentCaptured", A, "PaymentCaptured", 3), new($"{A}#Completed", A, "Completed", 4),
            new($"{B}#Received", B, "Received", 1), new($"{B}#InventoryReserved", B, "InventoryReserved", 2),
            new($"{B}#PaymentFailed", B, "PaymentFailed", 3),
        ],
        DeadLetters = ["poison-1"],
    };

    private static OrderRecord Order(string id, string status, IReadOnlyList<string> history) =>
        new(id, status, null, [new LineRecord("SKU-1", 2)], history);

    private static Dictionary<TKey, TValue> With<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> source, TValue value)
        where TKey : notnull
    {
        var copy = source.ToDictionary(p => p.Key, p => p.Value);
        var key = value switch
        {
            OrderRecord o => (TKey)(object)o.OrderId,
            StockRecord s => (TKey)(object)s.Sku,
            _ => throw new ArgumentException("unsupported", nameof(value)),
        };
        copy[key] = value;
        return copy;
    }
}
