using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Fulfilment.Payment.Provider;

/// <summary>
/// The card processor's key read at run time with Parameter Store <c>GetParameter</c> (<c>WithDecryption</c>), usually
/// through the reserved path <c>/aws/reference/secretsmanager/&lt;secret-name&gt;</c> that returns a Secrets Manager
/// secret. Kept for <see cref="Lifetime"/> so a warm function does not call SSM per charge, and read again after it, so
/// a rotated secret is picked up without a deploy. The key never reaches the function's configuration.
/// </summary>
public sealed class ParameterStorePaymentProviderKey : IPaymentProviderKey, IDisposable
{
    /// <summary>The reserved Parameter Store path that reads a Secrets Manager secret by name.</summary>
    public const string SecretsManagerReferencePrefix = "/aws/reference/secretsmanager/";

    /// <summary>How long a read key is used when nothing else is configured.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private readonly IAmazonSimpleSystemsManagement _ssm;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // One reference, swapped whole: concurrent readers see either the old key with its expiry or the new one.
    private CachedKey? _cached;

    /// <summary>Reads <paramref name="parameterName"/> with <paramref name="ssm"/>, keeping each value for <paramref name="lifetime"/>.</summary>
    public ParameterStorePaymentProviderKey(IAmazonSimpleSystemsManagement ssm, string parameterName, TimeSpan? lifetime = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(ssm);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameterName);
        if (lifetime is { } l && l < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "The key's cache lifetime cannot be negative.");
        }

        _ssm = ssm;
        ParameterName = parameterName;
        Lifetime = lifetime ?? DefaultLifetime;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The parameter read, e.g. <c>/aws/reference/secretsmanager/fulfilment/payment-provider-api-key</c>.</summary>
    public string ParameterName { get; }

    /// <summary>How long a read key is used before it is read again.</summary>
    public TimeSpan Lifetime { get; }

    /// <inheritdoc />
    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } key)
        {
            return key;
        }

        // One read at a time: the concurrent calls of a cold or just-expired function wait for it instead of each calling SSM.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } fresh)
            {
                return fresh;
            }

            var value = await ReadAsync(cancellationToken);
            _cached = new CachedKey(value, _time.GetUtcNow() + Lifetime);
            return value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Invalidate() => _cached = null;

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    /// <summary>Never shows the key.</summary>
    public override string ToString() => $"ParameterStorePaymentProviderKey {{ ParameterName = {ParameterName}, Lifetime = {Lifetime}, Key = *** }}";

    private string? Fresh() => _cached is { } cached && _time.GetUtcNow() < cached.Expires ? cached.Key : null;

    private sealed record CachedKey(string Key, DateTimeOffset Expires);

    private async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        GetParameterResponse response;
        try
        {
            response = await _ssm.GetParameterAsync(new GetParameterRequest { Name = ParameterName, WithDecryption = true }, cancellationToken);
        }
        catch (ParameterNotFoundException ex)
        {
            throw new PaymentProviderKeyException(
                $"The card processor's key is not at {ParameterName} ({ex.Message}). Create the Secrets Manager secret it names (docs/deploy.md) in this account and region.", ex);
        }
        catch (AmazonServiceException ex)
        {
            throw new PaymentProviderKeyException(
                $"Reading the card processor's key from {ParameterName} failed ({ex.ErrorCode}: {ex.Message}). " +
                "The function's role needs ssm:GetParameter on that parameter and secretsmanager:GetSecretValue on the secret.", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            throw new PaymentProviderKeyException($"Parameter Store could not be reached to read {ParameterName}: {ex.Message}", ex);
        }

        return response.Parameter?.Value is { Length: > 0 } value
            ? value
            : throw new PaymentProviderKeyException($"The parameter {ParameterName} is empty: put the card processor's key in the secret it names.");
    }
}
