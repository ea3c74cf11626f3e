namespace Fulfilment.Payment.Provider;

/// <summary>Where the card processor is and where its key comes from. <see cref="ToString"/> never shows the key.</summary>
public sealed class PaymentProviderOptions
{
    /// <summary>Environment variable with the processor's base URL.</summary>
    public const string UrlVariable = "PAYMENT_PROVIDER_URL";

    /// <summary>
    /// Environment variable naming the Parameter Store parameter with the processor's key, read at run time: in AWS
    /// <c>/aws/reference/secretsmanager/&lt;secret-name&gt;</c>, so the key never sits in the function's configuration.
    /// </summary>
    public const string ApiKeyParameterVariable = "PAYMENT_PROVIDER_API_KEY_PARAMETER";

    /// <summary>Environment variable with how many seconds a read key is used before it is read again (default 300).</summary>
    public const string ApiKeyCacheSecondsVariable = "PAYMENT_PROVIDER_API_KEY_CACHE_SECONDS";

    /// <summary>
    /// Environment variable with the processor's key itself (a secret: never logged). The fallback for runs without
    /// Parameter Store (tests that call the service directly); set this or <see cref="ApiKeyParameterVariable"/>, not both.
    /// </summary>
    public const string ApiKeyVariable = "PAYMENT_PROVIDER_API_KEY";

    /// <summary>Creates options with a fixed key; the base URL must be absolute http(s).</summary>
    public PaymentProviderOptions(Uri baseUrl, string apiKey)
        : this(baseUrl, new FixedPaymentProviderKey(apiKey))
    {
    }

    /// <summary>Creates options whose key comes from <paramref name="key"/>; the base URL must be absolute http(s).</summary>
    public PaymentProviderOptions(Uri baseUrl, IPaymentProviderKey key)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(key);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The payment provider URL must be an absolute http(s) URL, got '{baseUrl}'.", nameof(baseUrl));
        }

        // A trailing slash makes relative paths like "v1/charges" append instead of replacing the last segment.
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        Key = key;
    }

    /// <summary>The processor's root, always ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Where the bearer token comes from. The token is a secret: keep it out of logs and exceptions.</summary>
    public IPaymentProviderKey Key { get; }

    /// <summary>
    /// Reads <see cref="UrlVariable"/> and either <see cref="ApiKeyParameterVariable"/> (read through
    /// <paramref name="parameterStore"/>, by default a client configured from the same environment) or
    /// <see cref="ApiKeyVariable"/>; the message names what is missing, never the key.
    /// </summary>
    public static PaymentProviderOptions FromEnvironment(
        Func<string, string?> getVariable, Func<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>? parameterStore = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var url = getVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            throw new InvalidOperationException($"Set {UrlVariable} to the card processor's base URL (e.g. http://127.0.0.1:4010/).");
        }

        var parameter = getVariable(ApiKeyParameterVariable);
        var key = getVariable(ApiKeyVariable);
        if (!string.IsNullOrWhiteSpace(parameter) && !string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"Set {ApiKeyParameterVariable} or {ApiKeyVariable}, not both: the key would come from two places.");
        }

        if (!string.IsNullOrWhiteSpace(parameter))
        {
            var client = parameterStore?.Invoke() ?? ParameterStoreClients.Create(getVariable);
            return new PaymentProviderOptions(baseUrl, new ParameterStorePaymentProviderKey(client, parameter, CacheLifetime(getVariable)));
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                $"Set {ApiKeyParameterVariable} to the Parameter Store name of the card processor's key (in AWS /aws/reference/secretsmanager/<secret-name>), or {ApiKeyVariable} to the key itself.");
        }

        return new PaymentProviderOptions(baseUrl, key);
    }

    /// <summary>The URL and where the key comes from; the key is redacted.</summary>
    public override string ToString() => $"PaymentProviderOptions {{ BaseUrl = {BaseUrl}, Key = {Key} }}";

    private static TimeSpan? CacheLifetime(Func<string, string?> getVariable)
    {
        var text = getVariable(ApiKeyCacheSecondsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{ApiKeyCacheSecondsVariable} must be a whole number of seconds (0 or more), got '{text}'.");
    }
}
