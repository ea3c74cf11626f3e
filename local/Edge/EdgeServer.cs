using System.Net;
using Amazon.Runtime;
using Amazon.SQS;
using Fulfilment.Local.Edge.Chaos;
using Fulfilment.Local.Edge.Dispatch;
using Fulfilment.Local.Edge.Proxy;
using Fulfilment.Local.Edge.Relay;
using Fulfilment.Local.Edge.Sqs;
using Fulfilment.Local.EventBridge;
using Fulfilment.Local.StepFunctions.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Local.Edge;

/// <summary>
/// The local AWS edge: one Kestrel endpoint on 127.0.0.1 that serves EventBridge and Step Functions itself, proxies
/// DynamoDB and SQS to their emulators, and adds the SQS dead-letter redrive operations fauxqs lacks.
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReverseProxy _proxy;
    private readonly EdgeRelay? _relay;
    private readonly MessageMoveTasks? _moves;
    private readonly AmazonSQSClient? _sqs;

    private EdgeServer(WebApplication app, ReverseProxy proxy, EdgeRelay? relay, MessageMoveTasks? moves, AmazonSQSClient? sqs, Uri endpoint)
    {
        _app = app;
        _relay = relay;
        _proxy = proxy;
        _moves = moves;
        _sqs = sqs;
        Endpoint = endpoint;
    }

    /// <summary>The edge's URL, e.g. <c>http://127.0.0.1:4566</c>: set it as <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Requests the connection relay passed to an emulator as bytes (the rest took the Kestrel pipeline).</summary>
    internal long RelayedRequests => _relay?.Relayed ?? 0;

    /// <summary>Starts the edge without Step Functions; <paramref name="eventBridge"/> is optional (its calls then answer UnknownOperation).</summary>
    public static Task<EdgeServer> StartAsync(EdgeOptions options, LocalEventBridge? eventBridge, CancellationToken cancellationToken = default) =>
        StartAsync(options, eventBridge, stepFunctions: null, cancellationToken);

    /// <summary>Starts the edge; each backend is optional (its calls then answer UnknownOperation).</summary>
    public static async Task<EdgeServer> StartAsync(
        EdgeOptions options, LocalEventBridge? eventBridge, ExecutionService? stepFunctions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Run the connection's code on the thread that completed the socket read instead of queueing it again: every
        // SDK call of the local stack crosses the edge, and each thread-pool hop is latency on a loaded 2-core machine.
        // Safe here because nothing on the edge blocks a thread.
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        EdgeRelay? relay = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            k.AddServerHeader = false;
            relay = new EdgeRelay(options, operation => SqsMoveOperations.Names.Contains(operation), k.Limits.KeepAliveTimeout);
            // Emulator calls are relayed as bytes in front of Kestrel's HTTP layer; everything else reaches the app below.
            k.Listen(IPAddress.Loopback, options.Port, listen => listen.Use(relay.Wrap));
        });
        var app = builder.Build();

        var proxy = new ReverseProxy();
        AmazonSQSClient? sqs = null;
        MessageMoveTasks? moves = null;
        if (options.SqsEndpoint is not null)
        {
            sqs = new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig
            {
                ServiceURL = options.SqsEndpoint.ToString(), AuthenticationRegion = options.Region, MaxErrorRetry = 2,
            });
            moves = new MessageMoveTasks(sqs);
        }

        var handler = new EdgeRequestHandler(
            options, proxy, new ChaosInjector(options.Chaos),
            eventBridge is null ? null : EventBridgeOperations.Create(eventBridge),
            stepFunctions is null ? null : StepFunctionsOperations.Create(stepFunctions),
            moves is null ? null : SqsMoveOperations.Create(moves));
        if (options.MapExtraEndpoints is { } mapExtra)
        {
            // Routing first, so the host's endpoints answer their paths and everything else falls through to the AWS dispatch.
            app.UseRouting();
            mapExtra(app);
            app.UseEndpoints(_ => { });
        }

        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new EdgeServer(app, proxy, relay, moves, sqs, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_moves is not null)
        {
            await _moves.DisposeAsync();
        }

        _sqs?.Dispose();
        _proxy.Dispose();
        _relay?.Dispose();
    }
}
