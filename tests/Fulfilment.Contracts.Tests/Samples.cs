using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Contracts.Tests;

/// <summary>One realistic instance of every contract record, shared by the round-trip and schema tests.</summary>
internal static class Samples
{
    public const string OrderId = "01JDQ7ZK3M5N8P0R2S4T6V8W9X";

    public static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<OrderLine> Lines { get; } =
    [
        new("SKU-RED-MUG", 2, 1250),
        new("SKU_TEA_01", 1, 499),
    ];

    public static ShippingAddress Address { get; } = new("Ada Lovelace", "1 Analytical Way", null, "London", null, "N1 9GU", "GB");

    public static CreateOrderRequest CreateOrder { get; } = new("cust-42", Lines, "EUR", "tok_ok", Address, new Dictionary<string, string> { ["channel"] = "web" });

    public static CreateOrderRequest MinimalCreateOrder { get; } = new("cust-42", [new("SKU-1", 1, 0)], "USD", "tok_ok");

    public static NewOrderEvent NewOrder { get; } = NewOrderEvent.From(CreateOrder, OrderId, "idem-1", "corr-1", At);

    public static OrderStatusChanged StatusChanged(OrderStatus status, OrderStatus? previous, int sequence, string? reason = null) =>
        new(OrderStatusChanged.CurrentVersion, OrderStatusChanged.EventIdFor(OrderId, status), OrderId, status, previous, reason, sequence, "corr-1", At);

    /// <summary>Every record type of the contracts with a sample, for the round-trip test.</summary>
    public static IEnumerable<object> All()
    {
        yield return CreateOrder;
        yield return MinimalCreateOrder;
        yield return NewOrder;
        yield return StatusChanged(OrderStatus.Received, null, 1);
        yield return StatusChanged(OrderStatus.Rejected, OrderStatus.Received, 2, "SKU-RED-MUG (requested 2, available 0)");
        yield return new ReserveInventoryRequest(OrderId, [new StockLine("SKU-1", 3)], "corr-1");
        yield return new ReserveInventoryResult(OrderId, ReservationStatus.Reserved, [new StockLine("SKU-1", 3)], At, Replayed: false);
        yield return new ReservationActionRequest(OrderId, "corr-1", "payment declined");
        yield return new ReservationActionResult(OrderId, ReservationStatus.Released, Changed: true);
        yield return new StockShortage("SKU-1", 3, 1);
        yield return new ChargePaymentRequest(OrderId, "cust-42", Lines, "EUR", "tok_ok", "corr-1");
        yield return new ChargePaymentResult(OrderId, "ch_1", 2999, "EUR", PaymentState.Captured, Replayed: false);
        yield return new RefundPaymentRequest(OrderId, "corr-1", "commit failed");
        yield return new RefundPaymentResult(OrderId, "re_1", 2999, PaymentState.Refunded, Changed: true);
        yield return new NotifyCustomerRequest(OrderId, "cust-42", NotificationKind.OrderConfirmed, null, "corr-1");
        yield return new NotifyCustomerResult(OrderId, NotificationKind.OrderConfirmed, "n_1", AlreadySent: false);
    }
}
