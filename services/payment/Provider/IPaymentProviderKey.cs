namespace Fulfilment.Payment.Provider;

/// <summary>The card processor's API key as of now: a fixed value, or one read at run time and cached briefly.</summary>
public interface IPaymentProviderKey
{
    /// <summary>The key to send with the next call.</summary>
    /// <exception cref="PaymentProviderKeyException">The key could not be read; the message says where from and what to check.</exception>
    ValueTask<string> GetAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a cached key (the processor refused it: it may have been rotated), so the next call reads it again.</summary>
    void Invalidate();
}

/// <summary>A key given as it is (the <c>PAYMENT_PROVIDER_API_KEY</c> variable: tests, and a local run without the edge).</summary>
public sealed class FixedPaymentProviderKey : IPaymentProviderKey
{
    private readonly string _key;

    /// <summary>Wraps <paramref name="key"/>.</summary>
    public FixedPaymentProviderKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _key = key;
    }

    /// <inheritdoc />
    public ValueTask<string> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_key);

    /// <inheritdoc />
    public void Invalidate()
    {
        // Nothing to read again: a fixed key stays what it was.
    }

    /// <summary>Never shows the key.</summary>
    public override string ToString() => "FixedPaymentProviderKey { *** }";
}

/// <summary>The card processor's key could not be read (missing parameter or secret, access denied, service unreachable).</summary>
public sealed class PaymentProviderKeyException : Exception
{
    /// <summary>Required by CA1032.</summary>
    public PaymentProviderKeyException()
        : this("The card processor's API key could not be read.")
    {
    }

    /// <summary>Required by CA1032.</summary>
    public PaymentProviderKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public PaymentProviderKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
