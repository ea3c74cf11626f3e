using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Fulfilment.Storage;

/// <summary>
/// Builds a DynamoDB client from a function's environment, the standard AWS way: <c>AWS_ENDPOINT_URL_DYNAMODB</c> or
/// <c>AWS_ENDPOINT_URL</c> (the local edge), <c>AWS_REGION</c>, <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>;
/// anything unset falls back to the SDK's default chain. Taking the environment as a lookup lets the local stack run
/// several functions in one process, each with its own settings.
/// </summary>
public static class DynamoDbClients
{
    /// <summary>A client configured from <paramref name="environment"/> (e.g. <c>Environment.GetEnvironmentVariable</c>).</summary>
    public static AmazonDynamoDBClient Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = new AmazonDynamoDBConfig();
        var endpoint = environment("AWS_ENDPOINT_URL_DYNAMODB") ?? environment("AWS_ENDPOINT_URL");
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

        var accessKey = environment("AWS_ACCESS_KEY_ID");
        var secretKey = environment("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrWhiteSpace(accessKey) && !string.IsNullOrWhiteSpace(secretKey))
        {
            var sessionToken = environment("AWS_SESSION_TOKEN");
            AWSCredentials credentials = string.IsNullOrWhiteSpace(sessionToken)
                ? new BasicAWSCredentials(accessKey, secretKey)
                : new SessionAWSCredentials(accessKey, secretKey, sessionToken);
            return new AmazonDynamoDBClient(credentials, config);
        }

        return new AmazonDynamoDBClient(config);
    }
}
