using Amazon;
using Amazon.Runtime;

namespace Fulfilment.Storage;

/// <summary>
/// The standard AWS settings read from a function's environment, for any SDK client: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>
/// or <c>AWS_ENDPOINT_URL</c> (the local edge), <c>AWS_REGION</c>, <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>;
/// anything unset falls back to the SDK's default chain. Taking the environment as a lookup lets the local stack run
/// several functions in one process, each with its own settings.
/// </summary>
public static class AwsClientEnvironment
{
    /// <summary>Sets the endpoint and region of <paramref name="config"/>; <paramref name="service"/> is the endpoint variable's suffix (e.g. <c>DYNAMODB</c>).</summary>
    public static void Configure(ClientConfig config, Func<string, string?> environment, string service)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        var endpoint = environment("AWS_ENDPOINT_URL_" + service) ?? environment("AWS_ENDPOINT_URL");
        var region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }

    /// <summary>Static credentials when the environment gives keys, or null for the SDK's default chain (the Lambda role in AWS).</summary>
    public static AWSCredentials? Credentials(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var accessKey = environment("AWS_ACCESS_KEY_ID");
        var secretKey = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(secretKey))
        {
            return null;
        }

        var sessionToken = environment("AWS_SESSION_TOKEN");
        return string.IsNullOrWhiteSpace(sessionToken)
            ? new BasicAWSCredentials(accessKey, secretKey)
            : new SessionAWSCredentials(accessKey, secretKey, sessionToken);
    }
}
