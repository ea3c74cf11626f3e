namespace Fulfilment.Verification;

/// <summary>The final state of a Fulfilment system as the checker sees it: what each public interface and table showed.</summary>
public sealed record SystemSnapshot
{
    /// <summary>Order items of <c>fulfilment-orders</c>, by order id.</summary>
    public IReadOnlyDictionary<string, OrderRecord> Orders { get; init; } = new Dictionary<string, OrderRecord>();

    /// <summary>Stock items of <c>fulfilment-inventory</c>, by SKU.</summary>
    public IReadOnlyDictionary<string, StockRecord> Stock { get; init; } = new Dictionary<string, StockRecord>();

    /// <summary>Reservation items of <c>fulfilment-inventory</c>, by order id.</summary>
    public IReadOnlyDictionary<string, ReservationRecord> Reservations { get; init; } = new Dictionary<string, ReservationRecord>();

    /// <summary>Payment items of <c>fulfilment-payments</c>, by order id.</summary>
    public IReadOnlyDictionary<string, PaymentRecord> Payments { get; init; } = new Dictionary<string, PaymentRecord>();

    /// <summary>The card processor's ledger (GET /ledger).</summary>
    public ProcessorLedger Ledger { get; init; } = new([], [], 0);

    /// <summary>Every <c>OrderStatusChanged</c> event delivered to the events file, duplicates included.</summary>
    public IReadOnlyList<StatusEventRecord> Events { get; init; } = [];

    /// <summary>The bodies of the messages in the new-orders DLQ.</summary>
    public IReadOnlyList<string> DeadLetters { get; init; } = [];
}

/// <summary>One order item (docs/data-model.md, Orders).</summary>
public sealed record OrderRecord(string OrderId, string Status, string? Reason, IReadOnlyList<LineRecord> Lines, IReadOnlyList<string> StatusHistory);

/// <summary>One order line: SKU and quantity.</summary>
public sealed record LineRecord(string Sku, long Quantity);

/// <summary>One stock item: the three counters of a SKU.</summary>
public sealed record StockRecord(string Sku, long Available, long Reserved, long Sold);

/// <summary>One reservation item: its status (<c>Reserved</c>, <c>Released</c>, <c>Committed</c>).</summary>
public sealed record ReservationRecord(string OrderId, string Status);

/// <summary>One payment item: its state (<c>Pending</c>, <c>Captured</c>, <c>Declined</c>, <c>Refunded</c>).</summary>
public sealed record PaymentRecord(string OrderId, string State, string? ChargeId, string? RefundId);

/// <summary>The processor's captures and refunds; <see cref="Dropped"/> counts entries it no longer remembers.</summary>
public sealed record ProcessorLedger(IReadOnlyList<LedgerRecord> Captures, IReadOnlyList<LedgerRecord> Refunds, long Dropped);

/// <summary>One capture or refund; <see cref="Charge"/> is the capture a refund belongs to.</summary>
public sealed record LedgerRecord(string Id, string OrderId, long Amount, string? Charge = null);

/// <summary>One delivered <c>OrderStatusChanged</c> event.</summary>
public sealed record StatusEventRecord(string EventId, string OrderId, string Status, long Sequence);
