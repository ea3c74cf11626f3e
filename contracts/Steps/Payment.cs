using System.Text.Json.Serialization;
using Fulfilment.Contracts.Orders;

namespace Fulfilment.Contracts.Steps;

/// <summary>The states of a payment item in <c>fulfilment-payments</c>; changed only under conditions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentState>))]
public enum PaymentState
{
    /// <summary>Recorded before the provider is called; a crash here is resolved by replaying the charge.</summary>
    Pending,

    /// <summary>The provider captured the amount.</summary>
    Captured,

    /// <summary>The provider declined the charge: terminal for this order.</summary>
    Declined,

    /// <summary>The captured amount was refunded.</summary>
    Refunded,
}

/// <summary>Input of the payment <c>charge</c> handler (workflow state ChargePayment). The amount is the sum of the lines.</summary>
public sealed record ChargePaymentRequest(
    string OrderId,
    string CustomerId,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    string PaymentToken,
    string? CorrelationId = null);

/// <summary>Output of <c>charge</c>; <see cref="Replayed"/> when the charge had already been captured.</summary>
public sealed record ChargePaymentResult(
    string OrderId,
    string ChargeId,
    long AmountMinor,
    string Currency,
    PaymentState State,
    bool Replayed);

/// <summary>Input of the payment <c>refund</c> handler (compensation).</summary>
/// <remarks>
/// <see cref="PaymentToken"/> lets a refund settle a charge whose outcome was never recorded (the payment is still
/// Pending because every answer was lost): the charge is asked again under its idempotency key, so a capture the
/// provider made is found and refunded rather than kept.
/// </remarks>
public sealed record RefundPaymentRequest(string OrderId, string? CorrelationId = null, string? Reason = null, string? PaymentToken = null);

/// <summary>Output of <c>refund</c>; <see cref="Changed"/> is false for a replay or when nothing was captured.</summary>
public sealed record RefundPaymentResult(string OrderId, string? RefundId, long AmountMinor, PaymentState? State, bool Changed);
