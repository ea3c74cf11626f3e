using System.IO.Pipelines;
using Fulfilment.Local.Edge.Dispatch;
using Fulfilment.Local.Loopback;
using Microsoft.AspNetCore.Connections;

namespace Fulfilment.Local.Edge.Relay;

/// <summary>
/// Kestrel connection middleware that relays signed DynamoDB and SQS requests to the emulators as bytes, without an
/// HttpContext or an HTTP client, and leaves every other request to the edge's Kestrel pipeline.
/// </summary>
/// <remarks>
/// A request is relayed only when the pipeline would have proxied it unchanged: POST over HTTP/1.1 with a
/// <c>Content-Length</c> (or no body), a DynamoDB or SQS target the edge does not serve itself, a well-formed SigV4
/// <c>Authorization</c>, a loopback <c>Host</c>, and no chaos rule naming the operation. Unsigned requests, <c>Expect: 100-continue</c>,
/// chunked bodies, the SQS query protocol, move tasks and chaos all take the pipeline, which answers them as before.
/// </remarks>
internal sealed class EdgeRelay(EdgeOptions options, Func<string, bool> servedByEdge, TimeSpan keepAlive) : IDisposable
{
    private const string DynamoPrefix = "DynamoDB_20120810.";
    private const string SqsPrefix = "AmazonSQS.";

    private readonly UpstreamPool? _dynamo = options.DynamoDbEndpoint is { } dynamo ? new UpstreamPool(dynamo) : null;
    private readonly UpstreamPool? _sqs = options.SqsEndpoint is { } sqs ? new UpstreamPool(sqs) : null;

    private long _relayed;

    public TimeSpan KeepAlive => keepAlive;

    /// <summary>Requests relayed as bytes so far (tests use it to tell the relay from the pipeline).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    public void CountRelayed() => Interlocked.Increment(ref _relayed);

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new RelayTransport(new RelayingPipeReader(transport.Input, new ConnectionRelay(this, connection, transport.Output)), transport.Output);
        return next(connection);
    };

    /// <summary>The emulator a request goes to as bytes, or null when the Kestrel pipeline must handle it.</summary>
    public UpstreamPool? Route(RequestHead head)
    {
        // A Host that is not loopback takes the pipeline, which refuses it in the protocol of the call.
        if (!head.IsPost || !head.IsHttp11 || head.NeedsKestrel || head.Target is not { } target || !LoopbackHost.IsLoopback(head.Host))
        {
            return null;
        }

        UpstreamPool? upstream;
        string operation;
        if (target.StartsWith(DynamoPrefix, StringComparison.Ordinal))
        {
            upstream = _dynamo;
            operation = target[DynamoPrefix.Length..];
        }
        else if (target.StartsWith(SqsPrefix, StringComparison.Ordinal))
        {
            operation = target[SqsPrefix.Length..];
            upstream = servedByEdge(operation) ? null : _sqs;
        }
        else
        {
            return null;
        }

        if (upstream is null || SignatureCheck.Validate(head.Authorization, head.HasDate, presigned: false) is not null)
        {
            return null;
        }

        foreach (var rule in options.Chaos.Rules)
        {
            if (rule.Operation == "*" || rule.Operation == operation || rule.Operation == target)
            {
                return null;
            }
        }

        return upstream;
    }

    public void Dispose()
    {
        _dynamo?.Dispose();
        _sqs?.Dispose();
    }

    private sealed class RelayTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
