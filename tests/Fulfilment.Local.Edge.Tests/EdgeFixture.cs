using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Emulators;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>The whole edge on loopback: real DynamoDB Local, real fauxqs, the local bus, and the edge in front of them.</summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private Fauxqs? _fauxqs;
    private AmazonSQSClient? _busSqs;
    private LocalEventBridge? _bus;
    private EdgeServer? _edge;
    private ExecutionService? _engine;
    private string? _dynamoUrl;
    private DynamoDbLocal? _dynamo;

    public Uri Endpoint => _edge!.Endpoint;

    public EdgeServer Server => _edge!;

    public Uri SqsDirect => _fauxqs!.ServiceUrl;

    public string DynamoDbDirect => _dynamoUrl!;

    public LocalEventBridge Bus => _bus!;

    public static BasicAWSCredentials Credentials { get; } = new("local", "local");

    public async Task InitializeAsync()
    {
        // The edge tests make their own tables, so they start DynamoDB Local without the fixture's table set.
        var dynamoStart = DynamoDbLocal.StartAsync(null, CancellationToken.None);
        _fauxqs = await Fauxqs.StartAsync();
        _dynamo = await dynamoStart;
        _dynamoUrl = _dynamo.ServiceUrl;
        _busSqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = _fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        _bus = new LocalEventBridge(new LocalEventBridgeOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20), DefaultMaximumRetryAttempts = 1 }, _busSqs, _http);
        _engine = new ExecutionService(new InMemoryExecutionStore(), new TaskInvokerRegistry([]));
        _edge = await EdgeServer.StartAsync(
            new EdgeOptions { Port = 0, DynamoDbEndpoint = new Uri(_dynamoUrl), SqsEndpoint = _fauxqs.ServiceUrl }, _bus, _engine);
    }

    public async Task DisposeAsync()
    {
        if (_edge is not null)
        {
            await _edge.DisposeAsync();
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }

        _busSqs?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        if (_dynamo is not null)
        {
            await _dynamo.DisposeAsync();
        }

        _http.Dispose();
    }

    public AmazonSQSClient SqsThroughEdge() =>
        new(Credentials, new AmazonSQSConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public AmazonDynamoDBClient DynamoThroughEdge(int maxErrorRetry = 0) =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = maxErrorRetry });

    public EventBridgeClient EventBridge(int maxAttempts = 3) =>
        new(new AwsClientConfig { ServiceUrl = Endpoint, Region = "us-east-1", Credentials = Credentials, MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromMilliseconds(5) });
}

/// <summary>One edge for all integration test classes of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    public const string Name = "edge";
}
