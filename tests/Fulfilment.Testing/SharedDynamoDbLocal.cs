using Fulfilment.Emulators;

namespace Fulfilment.Testing;

/// <summary>
/// The one DynamoDB Local of a test assembly. xunit 2 has no assembly fixtures, so class and collection fixtures
/// share this process-wide instance; it is killed by its own handle when the test host exits.
/// </summary>
internal static class SharedDynamoDbLocal
{
    /// <summary>Set to an endpoint (e.g. <c>http://127.0.0.1:8000</c>) to reuse a DynamoDB Local that is already running.</summary>
    public const string EndpointVariable = "FULFILMENT_DYNAMODB_LOCAL_URL";

    // Static on purpose: the one process must outlive every fixture instance of the assembly. Lazy makes the start
    // happen once even when several test classes begin in parallel; it is never reassigned.
    private static readonly Lazy<Task<string>> Endpoint = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> GetServiceUrlAsync() => Endpoint.Value;

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return external;
        }

        var instance = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions(), CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.Kill();
        return instance.ServiceUrl;
    }
}
