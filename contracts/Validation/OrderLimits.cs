namespace Fulfilment.Contracts.Validation;

/// <summary>The limits enforced at intake (DESIGN section 3); the JSON Schemas state the same numbers.</summary>
public static class OrderLimits
{
    /// <summary>Largest request body: the SQS and Step Functions payload limit.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Fewest lines in an order.</summary>
    public const int MinLines = 1;

    /// <summary>Most lines in an order: a reservation must fit one TransactWriteItems (≤ 100 actions).</summary>
    public const int MaxLines = 50;

    /// <summary>Smallest quantity of a line.</summary>
    public const int MinQuantity = 1;

    /// <summary>Largest quantity of a line.</summary>
    public const int MaxQuantity = 1_000;

    /// <summary>Largest unit price in minor units; with the other limits an order total stays far below 2^53.</summary>
    public const long MaxUnitPriceMinor = 10_000_000_000;

    /// <summary>Longest SKU.</summary>
    public const int MaxSkuLength = 64;

    /// <summary>Longest customer id.</summary>
    public const int MaxCustomerIdLength = 128;

    /// <summary>Longest payment token.</summary>
    public const int MaxPaymentTokenLength = 255;

    /// <summary>Longest Idempotency-Key header value.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>Most metadata entries.</summary>
    public const int MaxMetadataEntries = 20;

    /// <summary>Longest metadata key.</summary>
    public const int MaxMetadataKeyLength = 40;

    /// <summary>Longest metadata value.</summary>
    public const int MaxMetadataValueLength = 500;

    /// <summary>Longest free-text field of a shipping address.</summary>
    public const int MaxAddressFieldLength = 200;
}
