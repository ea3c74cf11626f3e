namespace Fulfilment.Payment.Provider;

/// <summary>The card processor as the payment service needs it: one charge and one refund call, both idempotent by key.</summary>
public interface IPaymentProvider
{
    /// <summary>Captures the amount, or returns a decline. Throws <see cref="PaymentProviderTransientException"/> for failures worth retrying.</summary>
    Task<ProviderChargeOutcome> ChargeAsync(ProviderChargeRequest request, CancellationToken cancellationToken);

    /// <summary>Refunds a captured charge. Throws <see cref="PaymentProviderTransientException"/> for failures worth retrying.</summary>
    Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken);
}

/// <summary>A charge to make; the provider treats a second request with the same <see cref="IdempotencyKey"/> as the first.</summary>
public sealed record ProviderChargeRequest(string OrderId, long AmountMinor, string Currency, string PaymentToken, string IdempotencyKey);

/// <summary>The provider's answer to a charge: a charge id, or a decline with its code.</summary>
public sealed record ProviderChargeOutcome(string? ChargeId, string? DeclineCode, string? DeclineMessage)
{
    /// <summary>True when the amount was captured.</summary>
    public bool IsCaptured => ChargeId is not null;

    /// <summary>A capture.</summary>
    public static ProviderChargeOutcome Captured(string chargeId) => new(chargeId, null, null);

    /// <summary>A decline: a business outcome, never retried.</summary>
    public static ProviderChargeOutcome Declined(string declineCode, string message) => new(null, declineCode, message);
}

/// <summary>A refund of a captured charge; idempotent by <see cref="IdempotencyKey"/>.</summary>
public sealed record ProviderRefundRequest(string OrderId, string ChargeId, long AmountMinor, string Currency, string IdempotencyKey);

/// <summary>The provider's refund.</summary>
public sealed record ProviderRefund(string RefundId, long AmountMinor);

/// <summary>The idempotency keys the service sends: derived from the order and the purpose, so every replay reuses them.</summary>
public static class PaymentIdempotencyKeys
{
    /// <summary>The key of the one charge of an order.</summary>
    public static string Charge(string orderId) => $"order-{orderId}-charge";

    /// <summary>The key of the one refund of an order.</summary>
    public static string Refund(string orderId) => $"order-{orderId}-refund";
}
