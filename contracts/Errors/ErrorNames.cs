namespace Fulfilment.Contracts.Errors;

/// <summary>
/// The error names a Lambda reports as <c>errorType</c> and the workflow matches in <c>Retry</c>/<c>Catch</c>
/// (<c>ErrorEquals</c>). The ASL uses these exact strings; a test keeps them in step.
/// </summary>
public static class ErrorNames
{
    /// <summary>At least one SKU has less available stock than requested. Business outcome: not retried.</summary>
    public const string InsufficientStock = "InsufficientStock";

    /// <summary>The inventory table is throttled, conflicting or failing after in-call retries. Transient: retry.</summary>
    public const string InventoryUnavailable = "InventoryUnavailable";

    /// <summary>A reservation is in a state that forbids the action (e.g. commit after release). Not retried.</summary>
    public const string ReservationStateConflict = "ReservationStateConflict";

    /// <summary>The provider declined the charge. Business outcome: not retried.</summary>
    public const string PaymentDeclined = "PaymentDeclined";

    /// <summary>The provider could not be reached or kept failing inside the resilience pipeline. Transient: retry.</summary>
    public const string PaymentProviderUnavailable = "PaymentProviderUnavailable";

    /// <summary>A replayed charge differs from the stored payment (amount, currency). Refused loudly: needs a human.</summary>
    public const string PaymentMismatch = "PaymentMismatch";

    /// <summary>The notification sender failed. Transient: retry; never undoes a paid order.</summary>
    public const string NotificationUnavailable = "NotificationUnavailable";

    /// <summary>The step input does not satisfy its contract. A bug upstream: not retried.</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>Compensation kept failing after its retries; the execution ends in a Fail state with this error.</summary>
    public const string CompensationFailed = "CompensationFailed";

    /// <summary>Every name above, for tests that keep the ASL and the code in step.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InsufficientStock,
        InventoryUnavailable,
        ReservationStateConflict,
        PaymentDeclined,
        PaymentProviderUnavailable,
        PaymentMismatch,
        NotificationUnavailable,
        InvalidInput,
        CompensationFailed,
    ];

    /// <summary>Names the workflow may retry: transient by definition.</summary>
    public static IReadOnlyList<string> Transient { get; } =
    [
        InventoryUnavailable,
        PaymentProviderUnavailable,
        NotificationUnavailable,
    ];
}
