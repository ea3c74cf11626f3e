using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Steps;

/// <summary>A quantity of one SKU, as inventory sees an order line (price does not matter to stock).</summary>
public sealed record StockLine(string Sku, int Quantity);

/// <summary>The states of a reservation item in <c>fulfilment-inventory</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReservationStatus>))]
public enum ReservationStatus
{
    /// <summary>Stock moved from <c>available</c> to <c>reserved</c>.</summary>
    Reserved,

    /// <summary>Compensation returned the stock to <c>available</c>.</summary>
    Released,

    /// <summary>The order completed; stock moved from <c>reserved</c> to <c>sold</c>.</summary>
    Committed,
}

/// <summary>Input of the inventory <c>reserve</c> handler (workflow state ReserveInventory).</summary>
public sealed record ReserveInventoryRequest(string OrderId, IReadOnlyList<StockLine> Lines, string? CorrelationId = null);

/// <summary>Output of <c>reserve</c>: the reservation as stored; <see cref="Replayed"/> when an earlier call had already made it.</summary>
public sealed record ReserveInventoryResult(
    string OrderId,
    ReservationStatus Status,
    IReadOnlyList<StockLine> Lines,
    DateTimeOffset ReservedAt,
    bool Replayed);

/// <summary>Input of the inventory <c>release</c> (compensation) and <c>commit</c> handlers.</summary>
public sealed record ReservationActionRequest(string OrderId, string? CorrelationId = null, string? Reason = null);

/// <summary>Output of <c>release</c> and <c>commit</c>; <see cref="Changed"/> is false when the call was a replay or a no-op.</summary>
public sealed record ReservationActionResult(string OrderId, ReservationStatus? Status, bool Changed);

/// <summary>One SKU that could not be reserved: what was asked for and what was available at that moment.</summary>
public sealed record StockShortage(string Sku, int Requested, int Available);
