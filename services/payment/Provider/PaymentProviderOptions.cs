namespace Fulfilment.Payment.Provider;

/// <summary>Where the card processor is and the key to call it with. <see cref="ToString"/> never shows the key.</summary>
public sealed class PaymentProviderOptions
{
    /// <summary>Environment variable with the processor's base URL.</summary>
    public const string UrlVariable = "PAYMENT_PROVIDER_URL";

    /// <summary>Environment variable with the processor's API key (a secret: never logged).</summary>
    public const string ApiKeyVariable = "PAYMENT_PROVIDER_API_KEY";

    /// <summary>Creates options; the base URL must be absolute http(s).</summary>
    public PaymentProviderOptions(Uri baseUrl, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The payment provider URL must be an absolute http(s) URL, got '{baseUrl}'.", nameof(baseUrl));
        }

        // A trailing slash makes relative paths like "v1/charges" append instead of replacing the last segment.
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        ApiKey = apiKey;
    }

    /// <summary>The processor's root, always ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The bearer token. A secret: keep it out of logs and exceptions.</summary>
    public string ApiKey { get; }

    /// <summary>Reads <see cref="UrlVariable"/> and <see cref="ApiKeyVariable"/>; the message names what is missing, never the key.</summary>
    public static PaymentProviderOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var url = getVariable(UrlVariable);
        var key = getVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            throw new InvalidOperationException($"Set {UrlVariable} to the card processor's base URL (e.g. http://127.0.0.1:4010/).");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"Set {ApiKeyVariable} to the card processor's API key.");
        }

        return new PaymentProviderOptions(baseUrl, key);
    }

    /// <summary>The URL only; the key is redacted.</summary>
    public override string ToString() => $"PaymentProviderOptions {{ BaseUrl = {BaseUrl}, ApiKey = *** }}";
}
