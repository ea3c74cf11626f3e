namespace Fulfilment.Contracts.Orders;

/// <summary>Version 1 of the message intake puts on the <c>fulfilment-new-orders</c> queue (schema: <c>schemas/NewOrderEvent.v1.json</c>).</summary>
public sealed partial record NewOrderEvent(
    string Version,
    string OrderId,
    string IdempotencyKey,
    string CustomerId,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    string PaymentToken,
    string CorrelationId,
    DateTimeOffset PlacedAt,
    ShippingAddress? ShippingAddress = null,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>The only version this record describes.</summary>
    public const string CurrentVersion = "1";

    /// <summary>Builds the v1 event for an accepted request.</summary>
    public static NewOrderEvent From(CreateOrderRequest request, string orderId, string idempotencyKey, string correlationId, DateTimeOffset placedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new NewOrderEvent(
            CurrentVersion,
            orderId,
            idempotencyKey,
            request.CustomerId,
            request.Lines,
            request.Currency,
            request.PaymentToken,
            correlationId,
            placedAt,
            request.ShippingAddress,
            request.Metadata);
    }

    /// <summary>The order total in minor units.</summary>
    public long TotalMinor() => OrderLines.TotalMinor(Lines);
}
