using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Orders;

/// <summary>
/// Version 1 of the event published on the <c>fulfilment</c> bus for every status change
/// (source <c>fulfilment.orders</c>, detail-type <c>OrderStatusChanged</c>; schema: <c>schemas/OrderStatusChanged.v1.json</c>).
/// </summary>
public sealed partial record OrderStatusChanged(
    string Version,
    string EventId,
    string OrderId,
    OrderStatus Status,
    OrderStatus? PreviousStatus,
    string? Reason,
    int Sequence,
    string CorrelationId,
    DateTimeOffset OccurredAt)
{
    /// <summary>The only version this record describes.</summary>
    public const string CurrentVersion = "1";

    /// <summary>The EventBridge <c>Source</c> of every order event.</summary>
    public const string Source = "fulfilment.orders";

    /// <summary>The EventBridge <c>DetailType</c> of this event.</summary>
    public const string DetailType = "OrderStatusChanged";

    /// <summary>
    /// The deterministic event id consumers dedupe on: the same order reaching the same status
    /// always yields the same id, however often the workflow (or a redrive) publishes it.
    /// The workflow builds it with <c>States.Format('{}#{}', orderId, status)</c>.
    /// </summary>
    public static string EventIdFor(string orderId, OrderStatus status) => $"{orderId}#{status}";

    /// <summary>True when this event reports a terminal status.</summary>
    [JsonIgnore]
    public bool IsTerminal => OrderStatuses.IsTerminal(Status);
}
