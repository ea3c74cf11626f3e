namespace Fulfilment.Verification;

/// <summary>What the run promised: the inputs the checker cannot read from the system itself.</summary>
public sealed record VerificationExpectations
{
    /// <summary>Every order id the API accepted (202).</summary>
    public IReadOnlyCollection<string> AcceptedOrderIds { get; init; } = [];

    /// <summary>All stock ever added per SKU in this run; only these SKUs are checked for conservation.</summary>
    public IReadOnlyDictionary<string, long> StockAdded { get; init; } = new Dictionary<string, long>();

    /// <summary>Bodies of the poison messages injected on purpose: the only messages the DLQ may hold (each must be there).</summary>
    public IReadOnlyCollection<string> InjectedPoisonBodies { get; init; } = [];
}

/// <summary>The kinds of broken promise the checker knows.</summary>
public enum ViolationKind
{
    /// <summary>An accepted order has no order item.</summary>
    OrderLost,

    /// <summary>An order is not terminal and carries no reason.</summary>
    OrderNotTerminal,

    /// <summary>A SKU's <c>available + reserved + sold</c> differs from the stock added, or a counter is negative.</summary>
    StockNotConserved,

    /// <summary>A SKU's <c>sold</c> differs from the sum of its completed orders' quantities.</summary>
    SoldMismatch,

    /// <summary>A Completed/PaymentCaptured order without exactly one capture.</summary>
    CaptureMissing,

    /// <summary>More than one capture for one order.</summary>
    DoubleCharge,

    /// <summary>A refunded payment (or a captured order that did not complete) without exactly one matching refund.</summary>
    RefundMismatch,

    /// <summary>A capture for an order that never had stock reserved (or is unknown).</summary>
    ChargeWithoutReservation,

    /// <summary>A status the order went through has no event.</summary>
    EventMissing,

    /// <summary>A (orderId, status) pair published under more than one eventId, or an event for a status the order never had.</summary>
    EventDuplicated,

    /// <summary>The DLQ holds a message that was not injected, or lacks an injected one.</summary>
    DeadLetterUnexpected,

    /// <summary>The checker could not see all of the state it needs (e.g. the ledger dropped entries).</summary>
    Incomplete,
}

/// <summary>One broken promise, with the order (or SKU) it concerns and what was seen.</summary>
public sealed record Violation(ViolationKind Kind, string Subject, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Subject}: {Detail}";
}

/// <summary>The checker's result: counts of what was checked and every violation found (never thrown).</summary>
public sealed record VerificationReport(
    int OrdersChecked,
    int SkusChecked,
    int CapturesChecked,
    int EventsChecked,
    IReadOnlyDictionary<string, int> OrdersByStatus,
    IReadOnlyList<Violation> Violations)
{
    /// <summary>True when no promise was broken.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>Violations counted per kind.</summary>
    public IReadOnlyDictionary<ViolationKind, int> CountByKind =>
        Violations.GroupBy(v => v.Kind).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>A few lines for people: counts, then the first violations.</summary>
    public string Summary(int maxViolations = 20)
    {
        var lines = new List<string>
        {
            $"checked {OrdersChecked} orders, {SkusChecked} SKUs, {CapturesChecked} captures, {EventsChecked} events: {(Passed ? "no violations" : $"{Violations.Count} violation(s)")}",
            "orders by status: " + string.Join(", ", OrdersByStatus.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")),
        };
        if (!Passed)
        {
            lines.Add("by kind: " + string.Join(", ", CountByKind.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
            lines.AddRange(Violations.Take(maxViolations).Select(v => "  " + v));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
