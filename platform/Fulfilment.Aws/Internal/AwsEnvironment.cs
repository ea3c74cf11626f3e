using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Fulfilment.Aws.Internal;

/// <summary>Resolves endpoint, region and credentials the way the official SDKs do.</summary>
internal static class AwsEnvironment
{
    public static Uri ResolveEndpoint(AwsClientConfig config, string serviceEnvSuffix, string endpointPrefix, string region)
    {
        if (config.ServiceUrl is not null)
        {
            return config.ServiceUrl;
        }

        if (config.IgnoreConfiguredEndpointUrls ?? Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
        {
            return PublicEndpoint(endpointPrefix, region);
        }

        // Service-specific variable first, then the global one (AWS SDKs and CLI, "service-specific endpoints").
        var specific = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + serviceEnvSuffix);
        if (!string.IsNullOrWhiteSpace(specific))
        {
            return new Uri(specific);
        }

        var global = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrWhiteSpace(global))
        {
            return new Uri(global);
        }

        return PublicEndpoint(endpointPrefix, region);
    }

    public static bool ResolveDisableHostPrefixInjection(AwsClientConfig config) =>
        config.DisableHostPrefixInjection ?? Flag("AWS_DISABLE_HOST_PREFIX_INJECTION");

    public static string ResolveRegion(AwsClientConfig config)
    {
        if (!string.IsNullOrWhiteSpace(config.Region))
        {
            return config.Region;
        }

        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException("No AWS region configured: set AWS_REGION, a profile region, or AwsClientConfig.Region.");
    }

    public static AWSCredentials ResolveCredentials(AwsClientConfig config) =>
        config.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();

    private static Uri PublicEndpoint(string endpointPrefix, string region) => new($"https://{endpointPrefix}.{region}.amazonaws.com");

    // The SDKs read these settings as "true"/"false" in any case; anything else is a typo worth stopping for.
    private static bool Flag(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable)?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return value.Equals("true", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidOperationException($"{variable} is '{value}': set it to true or false.");
    }
}
