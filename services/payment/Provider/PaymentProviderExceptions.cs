namespace Fulfilment.Payment.Provider;

/// <summary>A provider failure worth retrying: timeout, connection error, 409 (key in use), 429 or 5xx.</summary>
public sealed class PaymentProviderTransientException : Exception
{
    /// <summary>Creates the error with what the provider said.</summary>
    public PaymentProviderTransientException(string message, int? statusCode, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderTransientException()
        : this("The payment provider failed transiently.", null, null)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderTransientException(string message)
        : this(message, null, null)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderTransientException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }

    /// <summary>The HTTP status, or null for connection errors.</summary>
    public int? StatusCode { get; }

    /// <summary>The provider's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>A provider answer that retrying cannot change (bad key, bad request, idempotency key reused with another body).</summary>
public sealed class PaymentProviderRejectedException : Exception
{
    /// <summary>Creates the error with what the provider said.</summary>
    public PaymentProviderRejectedException(string message, int statusCode, string? code)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderRejectedException()
        : this("The payment provider rejected the request.", 400, null)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderRejectedException(string message)
        : this(message, 400, null)
    {
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>The processor's code for an idempotency key sent again with a different body.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The processor's error code, e.g. <c>idempotency_key_reused</c>.</summary>
    public string? Code { get; }
}
