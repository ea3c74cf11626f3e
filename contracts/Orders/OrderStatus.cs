using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Orders;

/// <summary>The statuses an order moves through; the same names in the workflow, the events, the table and the docs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    /// <summary>Accepted at intake and recorded; the workflow has started.</summary>
    Received,

    /// <summary>Stock for every line is reserved.</summary>
    InventoryReserved,

    /// <summary>The payment provider captured the amount.</summary>
    PaymentCaptured,

    /// <summary>Stock committed, customer notified: terminal.</summary>
    Completed,

    /// <summary>Not enough stock for at least one line: terminal.</summary>
    Rejected,

    /// <summary>Payment declined or unavailable; the reservation was released: terminal.</summary>
    PaymentFailed,

    /// <summary>A compensation (release or refund) kept failing: terminal until ops redrive the execution.</summary>
    CompensationFailed,
}

/// <summary>Facts about <see cref="OrderStatus"/> values that every component must agree on.</summary>
public static class OrderStatuses
{
    /// <summary>Statuses after which nothing more happens to an order.</summary>
    public static bool IsTerminal(OrderStatus status) => status is OrderStatus.Completed
        or OrderStatus.Rejected
        or OrderStatus.PaymentFailed
        or OrderStatus.CompensationFailed;
}
