using Amazon.DynamoDBv2;

namespace Fulfilment.Storage;

/// <summary>Builds a DynamoDB client from a function's environment, the standard AWS way (<see cref="AwsClientEnvironment"/>).</summary>
public static class DynamoDbClients
{
    /// <summary>A client configured from <paramref name="environment"/> (e.g. <c>Environment.GetEnvironmentVariable</c>).</summary>
    public static AmazonDynamoDBClient Create(Func<string, string?> environment)
    {
        var config = new AmazonDynamoDBConfig();
        AwsClientEnvironment.Configure(config, environment, "DYNAMODB");
        return AwsClientEnvironment.Credentials(environment) is { } credentials
            ? new AmazonDynamoDBClient(credentials, config)
            : new AmazonDynamoDBClient(config);
    }
}
