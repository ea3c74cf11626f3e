using Fulfilment.Contracts.Errors;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;
using Fulfilment.Contracts.Validation;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Fulfilment.Payment;

/// <summary>
/// Charges an order at most once and refunds at most once. The payment item is written <c>Pending</c> before the
/// provider is called and moved on only under conditions; the provider sees the same idempotency key on every replay,
/// so a crash or timeout between the provider's answer and the write is healed by calling again.
/// </summary>
public sealed class PaymentService
{
    private readonly PaymentStore _store;
    private readonly IPaymentProvider _provider;
    private readonly PaymentResilience _resilience;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public PaymentService(PaymentStore store, IPaymentProvider provider, PaymentResilience resilience, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(resilience);
        _store = store;
        _provider = provider;
        _resilience = resilience;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Charges the sum of the lines. A replay returns the stored capture (<c>Replayed = true</c>) or repeats the
    /// decline; a replay with another amount or currency fails with <see cref="ErrorNames.PaymentMismatch"/>.
    /// Throws <see cref="ErrorNames.PaymentDeclined"/> or <see cref="ErrorNames.PaymentProviderUnavailable"/> as named errors.
    /// </summary>
    /// <param name="request">The step input.</param>
    /// <param name="remainingTime">What the Lambda has left (null: no deadline but the pipeline's own).</param>
    /// <param name="cancellationToken">Cancels the whole call.</param>
    public async Task<ChargePaymentResult> ChargeAsync(ChargePaymentRequest request, TimeSpan? remainingTime, CancellationToken cancellationToken)
    {
        var amount = Validate(request);
        var now = _time.GetUtcNow();
        var key = PaymentIdempotencyKeys.Charge(request.OrderId);
        var existing = await _store.TryCreateAsync(
            new PaymentRecord(request.OrderId, PaymentState.Pending, amount, request.Currency, request.CustomerId, key, now, now, CorrelationId: request.CorrelationId),
            cancellationToken);
        if (existing is not null)
        {
            EnsureSamePayment(existing, amount, request.Currency);
            switch (existing.State)
            {
                case PaymentState.Captured or PaymentState.Refunded:
                    return ToResult(existing, replayed: true);
                case PaymentState.Declined:
                    throw Declined(existing.OrderId, existing.DeclineCode);
            }

            // Pending: an earlier call gave up or crashed before recording the outcome. Asking again with the same
            // key makes the provider return its first answer instead of charging a second time.
        }

        var providerRequest = new ProviderChargeRequest(request.OrderId, amount, request.Currency, request.PaymentToken, key);
        var outcome = await CallProviderAsync(ct => _provider.ChargeAsync(providerRequest, ct), request.OrderId, "charge", remainingTime, cancellationToken);
        now = _time.GetUtcNow();
        if (!outcome.IsCaptured)
        {
            // False only when a racing replay recorded the same decline first: the answer is the same either way.
            await _store.MarkDeclinedAsync(request.OrderId, outcome.DeclineCode!, now, cancellationToken);
            throw Declined(request.OrderId, outcome.DeclineCode);
        }

        if (await _store.MarkCapturedAsync(request.OrderId, outcome.ChargeId!, now, cancellationToken))
        {
            return new ChargePaymentResult(request.OrderId, outcome.ChargeId!, amount, request.Currency, PaymentState.Captured, Replayed: false);
        }

        // A concurrent replay recorded the capture first; the provider gave both of us the same charge.
        var current = await _store.GetAsync(request.OrderId, cancellationToken);
        return current is { State: PaymentState.Captured or PaymentState.Refunded } && current.ChargeId == outcome.ChargeId
            ? ToResult(current, replayed: true)
            : throw new InvalidOperationException(
                $"Order {request.OrderId}: the provider captured charge {outcome.ChargeId} but the payment item is {current?.State.ToString() ?? "missing"} " +
                $"with charge {current?.ChargeId ?? "none"}. Reconcile by hand against the provider's ledger.");
    }

    /// <summary>
    /// Refunds what was captured, once. A Pending payment is settled first when the request carries the payment token
    /// (see <see cref="SettlePendingAsync"/>). Nothing captured (no payment, Declined, Pending without a token) or
    /// already refunded: <c>Changed = false</c> without a refund call. Throws <see cref="ErrorNames.PaymentProviderUnavailable"/>.
    /// </summary>
    public async Task<RefundPaymentResult> RefundAsync(RefundPaymentRequest request, TimeSpan? remainingTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw new NamedErrorException(ErrorNames.InvalidInput, "The refund request needs an orderId.");
        }

        var payment = await _store.GetAsync(request.OrderId, cancellationToken);
        if (payment is { State: PaymentState.Pending } && !string.IsNullOrEmpty(request.PaymentToken))
        {
            payment = await SettlePendingAsync(payment, request.PaymentToken, remainingTime, cancellationToken);
        }

        if (payment is not { State: PaymentState.Captured })
        {
            return new RefundPaymentResult(request.OrderId, payment?.RefundId, payment?.State == PaymentState.Refunded ? payment.AmountMinor : 0, payment?.State, Changed: false);
        }

        var key = PaymentIdempotencyKeys.Refund(request.OrderId);
        var providerRequest = new ProviderRefundRequest(request.OrderId, payment.ChargeId!, payment.AmountMinor, payment.Currency, key);
        var refund = await CallProviderAsync(ct => _provider.RefundAsync(providerRequest, ct), request.OrderId, "refund", remainingTime, cancellationToken);
        if (await _store.MarkRefundedAsync(request.OrderId, refund.RefundId, key, _time.GetUtcNow(), cancellationToken))
        {
            return new RefundPaymentResult(request.OrderId, refund.RefundId, payment.AmountMinor, PaymentState.Refunded, Changed: true);
        }

        // A concurrent replay recorded the refund first (same key, so the same refund at the provider).
        var current = await _store.GetAsync(request.OrderId, cancellationToken);
        return new RefundPaymentResult(request.OrderId, current?.RefundId, payment.AmountMinor, current?.State, Changed: false);
    }

    /// <summary>
    /// A Pending payment at refund time means no answer to the charge was ever recorded: the provider may have captured
    /// it. Asking again with the same key (and body) returns the provider's first answer, or charges now if it never saw
    /// the request; either way the outcome is recorded and a capture gets refunded, so money is never left taken for
    /// an order that failed. While the provider is unreachable this throws, and the workflow retries or stops at
    /// CompensationFailed for ops to redrive.
    /// </summary>
    private async Task<PaymentRecord?> SettlePendingAsync(PaymentRecord pending, string paymentToken, TimeSpan? remainingTime, CancellationToken cancellationToken)
    {
        var providerRequest = new ProviderChargeRequest(pending.OrderId, pending.AmountMinor, pending.Currency, paymentToken, pending.ChargeIdempotencyKey);
        var outcome = await CallProviderAsync(ct => _provider.ChargeAsync(providerRequest, ct), pending.OrderId, "charge lookup before the refund", remainingTime, cancellationToken);
        var now = _time.GetUtcNow();
        if (outcome.IsCaptured)
        {
            await _store.MarkCapturedAsync(pending.OrderId, outcome.ChargeId!, now, cancellationToken);
        }
        else
        {
            await _store.MarkDeclinedAsync(pending.OrderId, outcome.DeclineCode!, now, cancellationToken);
        }

        // Read back rather than assume: a racing charge replay may have recorded the same outcome first.
        return await _store.GetAsync(pending.OrderId, cancellationToken);
    }

    private async Task<T> CallProviderAsync<T>(
        Func<CancellationToken, Task<T>> call, string orderId, string what, TimeSpan? remainingTime, CancellationToken cancellationToken)
    {
        try
        {
            return await _resilience.ExecuteAsync(call, _resilience.BudgetFor(remainingTime), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or BrokenCircuitException or PaymentProviderTransientException or HttpRequestException)
        {
            throw new NamedErrorException(
                ErrorNames.PaymentProviderUnavailable,
                $"Order {orderId}: the payment provider did not complete the {what} within the resilience pipeline ({ex.GetType().Name}: {ex.Message}). " +
                "Safe to retry: the same idempotency key is sent again.",
                ex);
        }
        catch (PaymentProviderKeyException ex)
        {
            throw new NamedErrorException(
                ErrorNames.PaymentProviderUnavailable,
                $"Order {orderId}: the {what} was not sent: the card processor's key could not be read. {ex.Message}",
                ex);
        }
        catch (PaymentProviderRejectedException ex) when (ex.Code == PaymentProviderRejectedException.IdempotencyKeyReused)
        {
            throw new NamedErrorException(
                ErrorNames.PaymentMismatch,
                $"Order {orderId}: the provider already saw this {what} with a different body (amount, currency or token). Compare the order with the provider's ledger.",
                ex);
        }
        catch (PaymentProviderRejectedException ex)
        {
            throw new NamedErrorException(
                ErrorNames.PaymentProviderUnavailable,
                $"Order {orderId}: the payment provider rejected the {what} ({ex.Message}). Check {PaymentProviderOptions.UrlVariable} and the key ({PaymentProviderOptions.ApiKeyParameterVariable} or {PaymentProviderOptions.ApiKeyVariable}).",
                ex);
        }
    }

    private static long Validate(ChargePaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? problem =
            string.IsNullOrWhiteSpace(request.OrderId) ? "orderId is required"
            : string.IsNullOrWhiteSpace(request.CustomerId) ? "customerId is required"
            : string.IsNullOrWhiteSpace(request.PaymentToken) ? "paymentToken is required"
            : !Currencies.IsKnown(request.Currency) ? $"currency '{request.Currency}' is not an ISO 4217 code we accept"
            : request.Lines is not { Count: >= OrderLimits.MinLines and <= OrderLimits.MaxLines } ? $"between {OrderLimits.MinLines} and {OrderLimits.MaxLines} lines are required"
            : request.Lines.Any(l => l.Quantity < OrderLimits.MinQuantity || l.UnitPriceMinor < 0) ? "every line needs a positive quantity and a non-negative price"
            : null;
        if (problem is not null)
        {
            throw new NamedErrorException(ErrorNames.InvalidInput, $"Charge for order {request.OrderId}: {problem}.");
        }

        long amount;
        try
        {
            amount = OrderLines.TotalMinor(request.Lines);
        }
        catch (OverflowException ex)
        {
            throw new NamedErrorException(ErrorNames.InvalidInput, $"Charge for order {request.OrderId}: the total overflows.", ex);
        }

        return amount > 0 ? amount : throw new NamedErrorException(ErrorNames.InvalidInput, $"Charge for order {request.OrderId}: the total must be positive.");
    }

    private static void EnsureSamePayment(PaymentRecord stored, long amount, string currency)
    {
        if (stored.AmountMinor != amount || !string.Equals(stored.Currency, currency, StringComparison.Ordinal))
        {
            throw new NamedErrorException(
                ErrorNames.PaymentMismatch,
                $"Order {stored.OrderId}: this charge is for {amount} {currency} but the stored payment is {stored.AmountMinor} {stored.Currency} ({stored.State}). " +
                "Nothing was charged; find out why the order changed before retrying.");
        }
    }

    private static NamedErrorException Declined(string orderId, string? declineCode) =>
        new(ErrorNames.PaymentDeclined, $"Order {orderId}: the card was declined ({declineCode ?? "card_declined"}). Ask the customer for another payment method.");

    private static ChargePaymentResult ToResult(PaymentRecord record, bool replayed) =>
        new(record.OrderId, record.ChargeId!, record.AmountMinor, record.Currency, record.State, replayed);
}
