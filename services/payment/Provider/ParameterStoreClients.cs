using Amazon.SimpleSystemsManagement;
using Fulfilment.Storage;

namespace Fulfilment.Payment.Provider;

/// <summary>Builds a Parameter Store (SSM) client from a function's environment, the standard AWS way (<see cref="AwsClientEnvironment"/>).</summary>
public static class ParameterStoreClients
{
    /// <summary>A client configured from <paramref name="environment"/>; <c>AWS_ENDPOINT_URL_SSM</c> overrides the shared endpoint.</summary>
    public static AmazonSimpleSystemsManagementClient Create(Func<string, string?> environment)
    {
        var config = new AmazonSimpleSystemsManagementConfig();
        AwsClientEnvironment.Configure(config, environment, "SSM");
        return AwsClientEnvironment.Credentials(environment) is { } credentials
            ? new AmazonSimpleSystemsManagementClient(credentials, config)
            : new AmazonSimpleSystemsManagementClient(config);
    }
}
