using Fulfilment.Contracts.Steps;

namespace Fulfilment.Inventory;

/// <summary>The reservation item of one order as stored (<c>ORDER#&lt;orderId&gt;</c> / <c>RESERVATION</c>).</summary>
public sealed record Reservation(
    string OrderId,
    ReservationStatus Status,
    IReadOnlyList<StockLine> Lines,
    DateTimeOffset ReservedAt,
    DateTimeOffset UpdatedAt,
    string? CorrelationId);
