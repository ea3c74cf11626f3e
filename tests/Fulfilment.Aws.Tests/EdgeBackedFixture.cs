using Amazon.Runtime;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Local.Edge;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Aws.Tests;

/// <summary>The local edge on a free loopback port with the local bus and the local Step Functions engine behind it.</summary>
public sealed class EdgeBackedFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private LocalEventBridge? _bus;
    private ExecutionService? _engine;
    private EdgeServer? _edge;

    public Uri Endpoint => _edge!.Endpoint;

    public async Task InitializeAsync()
    {
        _bus = new LocalEventBridge(new LocalEventBridgeOptions(), sqs: null, _http);
        _engine = new ExecutionService(new InMemoryExecutionStore(), new TaskInvokerRegistry([]));
        _edge = await EdgeServer.StartAsync(new EdgeOptions { Port = 0 }, _bus, _engine);
    }

    public async Task DisposeAsync()
    {
        await _edge!.DisposeAsync();
        await _engine!.DisposeAsync();
        await _bus!.DisposeAsync();
        _http.Dispose();
    }

    public AwsClientConfig Config(int maxAttempts = 3) => new()
    {
        ServiceUrl = Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("local", "local"),
        MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(5),

        // The edge is an IP address: StartSyncExecution's sync- prefix must stay off, as with any AWS SDK.
        DisableHostPrefixInjection = true,
    };

    public StepFunctionsClient StepFunctions() => new(Config());

    public EventBridgeClient EventBridge(HttpClient? http = null) => new(Config(), http);
}

/// <summary>One edge for the client tests of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeBackedCollection : ICollectionFixture<EdgeBackedFixture>
{
    public const string Name = "edge-backed";
}
