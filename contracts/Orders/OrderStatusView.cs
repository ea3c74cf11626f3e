namespace Fulfilment.Contracts.Orders;

/// <summary>The answer of <c>GET /orders/{orderId}</c>: where the order is, how it got there, and why.</summary>
public sealed record OrderStatusView(
    string OrderId,
    OrderStatus Status,
    int StatusSequence,
    string? Reason,
    string CustomerId,
    long TotalMinor,
    string Currency,
    IReadOnlyList<OrderLine> Lines,
    string CorrelationId,
    DateTimeOffset PlacedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderStatusHistoryEntry> History);

/// <summary>One status change in an order's history.</summary>
public sealed record OrderStatusHistoryEntry(OrderStatus Status, int Sequence, DateTimeOffset At, string? Reason = null);

/// <summary>The answer of an accepted <c>POST /orders</c> (HTTP 202).</summary>
public sealed record OrderAccepted(string OrderId, string StatusUrl, string CorrelationId);
