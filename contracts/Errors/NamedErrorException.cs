using Fulfilment.Contracts.Steps;

namespace Fulfilment.Contracts.Errors;

/// <summary>
/// An expected failure with a name from <see cref="ErrorNames"/>. The Lambda runtime reports
/// <see cref="ErrorName"/> as <c>errorType</c>, which is what the workflow's <c>ErrorEquals</c> matches.
/// </summary>
public class NamedErrorException : Exception
{
    /// <summary>Creates a named error.</summary>
    public NamedErrorException(string errorName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorName);
        ErrorName = errorName;
    }

    /// <summary>Required by CA1032; prefer the named constructor.</summary>
    public NamedErrorException()
        : this(ErrorNames.InvalidInput, "Unnamed error.")
    {
    }

    /// <summary>Required by CA1032; prefer the named constructor.</summary>
    public NamedErrorException(string message)
        : this(ErrorNames.InvalidInput, message)
    {
    }

    /// <summary>Required by CA1032; prefer the named constructor.</summary>
    public NamedErrorException(string message, Exception innerException)
        : this(ErrorNames.InvalidInput, message, innerException)
    {
    }

    /// <summary>The name the workflow matches on.</summary>
    public string ErrorName { get; }

    /// <summary>True for names the workflow retries.</summary>
    public bool IsTransient => ErrorNames.Transient.Contains(ErrorName);
}

/// <summary>Raised by <c>reserve</c> when at least one SKU is short; names every short SKU.</summary>
public sealed class InsufficientStockException : NamedErrorException
{
    /// <summary>Creates the error from the shortages read off the cancelled transaction.</summary>
    public InsufficientStockException(string orderId, IReadOnlyList<StockShortage> shortages)
        : base(ErrorNames.InsufficientStock, Describe(orderId, shortages))
    {
        OrderId = orderId;
        Shortages = shortages;
    }

    /// <summary>The order that could not be reserved.</summary>
    public string OrderId { get; }

    /// <summary>Every SKU that was short, with requested and available quantities.</summary>
    public IReadOnlyList<StockShortage> Shortages { get; }

    private static string Describe(string orderId, IReadOnlyList<StockShortage> shortages)
    {
        ArgumentNullException.ThrowIfNull(shortages);
        var parts = shortages.Select(s => $"{s.Sku} (requested {s.Requested}, available {s.Available})");
        return $"Order {orderId}: insufficient stock for {string.Join(", ", parts)}.";
    }
}
