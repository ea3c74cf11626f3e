using Fulfilment.Contracts.Steps;

namespace Fulfilment.Payment.Storage;

/// <summary>The one payment item of an order in <c>fulfilment-payments</c> (<c>pk = ORDER#id</c>, <c>sk = PAYMENT</c>).</summary>
public sealed record PaymentRecord(
    string OrderId,
    PaymentState State,
    long AmountMinor,
    string Currency,
    string CustomerId,
    string ChargeIdempotencyKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ChargeId = null,
    string? DeclineCode = null,
    string? RefundId = null,
    string? RefundIdempotencyKey = null,
    string? CorrelationId = null);
