namespace Fulfilment.Contracts.Orders;

/// <summary>The body a storefront client posts to <c>POST /orders</c> (schema: <c>schemas/CreateOrderRequest.json</c>).</summary>
public sealed record CreateOrderRequest(
    string CustomerId,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    string PaymentToken,
    ShippingAddress? ShippingAddress = null,
    IReadOnlyDictionary<string, string>? Metadata = null);
