using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Emulators;
using Fulfilment.Local.Edge;
using Fulfilment.Local.EventBridge;

namespace Fulfilment.Bench.Suites;

/// <summary>Edge overhead (SQS SendMessage, DynamoDB GetItem through the edge vs direct, same run) and PutEvents entries/s with 5 rules matched.</summary>
public sealed class EdgeSuite : IBenchSuite
{
    private static readonly BasicAWSCredentials Credentials = new("local", "local");

    public string Name => "edge";

    public string Description => "Local AWS edge: proxy overhead vs direct emulator calls, PutEvents entries/s with 5 matching rules.";

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var calls = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var scratch = Path.Combine(Path.GetTempPath(), "fulfilment-edge-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        await using var dynamo = await DynamoDbLocal.StartAsync(null, cancellationToken);
        await using var fauxqs = await Fauxqs.StartAsync(cancellationToken: cancellationToken);
        using var http = new HttpClient();
        using var busSqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1" });
        await using var bus = new LocalEventBridge(new LocalEventBridgeOptions(), busSqs, http);
        await using var edge = await EdgeServer.StartAsync(
            new EdgeOptions { Port = 0, DynamoDbEndpoint = new Uri(dynamo.ServiceUrl), SqsEndpoint = fauxqs.ServiceUrl }, bus, cancellationToken);

        // The floor of any edge: the same calls through a trivial in-process TCP pass-through (one more loopback hop,
        // no parsing), so the edge's own cost can be told from the cost of the hop itself.
        await using var sqsHop = PassThrough.Start(new Uri(fauxqs.ServiceUrl.ToString()));
        await using var dynamoHop = PassThrough.Start(new Uri(dynamo.ServiceUrl));
        var sqs = await CompareAsync(
            "SQS SendMessage", [fauxqs.ServiceUrl.ToString(), edge.Endpoint.ToString(), sqsHop.Endpoint.ToString()], calls, SqsCallAsync, cancellationToken);
        var ddb = await CompareAsync(
            "DynamoDB GetItem", [dynamo.ServiceUrl, edge.Endpoint.ToString(), dynamoHop.Endpoint.ToString()], calls,
            await DynamoCallAsync(dynamo.ServiceUrl, cancellationToken), cancellationToken);
        var putEvents = await PutEventsAsync(bus, edge.Endpoint, scratch, calls, cancellationToken);
        try
        {
            Directory.Delete(scratch, recursive: true);
        }
        catch (IOException)
        {
            // Deliveries to the log targets may still be appending; the temp folder is harmless.
        }

        var md = new StringBuilder();
        md.AppendLine("| operation | direct p50 (ms) | edge p50 (ms) | pass-through p50 (ms) | direct mean (ms) | edge mean (ms) | edge/direct (p50) | pass-through/direct (p50) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in new[] { sqs, ddb })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {row.DirectP50:F3} | {row.EdgeP50:F3} | {row.HopP50:F3} | {row.DirectMean:F3} | {row.EdgeMean:F3} | {row.EdgeP50 / row.DirectP50:F2}× | {row.HopP50 / row.DirectP50:F2}× |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"PutEvents through the edge, 10 entries per call, 4 concurrent callers, 5 rules matching every event: **{putEvents:F0} entries/s**.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{calls} sequential calls per path after {calls / 4} warm-up calls; direct, edge and pass-through calls alternate in rounds of 100 so all see the same machine load. The pass-through is a trivial in-process TCP relay (one more loopback hop, no parsing): the floor for any edge.");
        return md.ToString();
    }

    private sealed record Row(string Name, double DirectP50, double EdgeP50, double HopP50, double DirectMean, double EdgeMean);

    /// <param name="endpoints">Direct, through the edge, through the trivial pass-through.</param>
    private static async Task<Row> CompareAsync(
        string name, string[] endpoints, int calls, Func<string, Func<CancellationToken, Task>> makeCall, CancellationToken cancellationToken)
    {
        var paths = endpoints.Select(makeCall).ToArray();
        for (var i = 0; i < calls / 4; i++)
        {
            foreach (var call in paths)
            {
                await call(cancellationToken);
            }
        }

        var times = paths.Select(_ => new List<double>(calls)).ToArray();
        for (var done = 0; done < calls; done += 100)
        {
            for (var p = 0; p < paths.Length; p++)
            {
                await TimeAsync(paths[p], Math.Min(100, calls - done), times[p], cancellationToken);
            }
        }

        return new Row(name, Percentile(times[0], 0.5), Percentile(times[1], 0.5), Percentile(times[2], 0.5), times[0].Average(), times[1].Average());
    }

    private static async Task TimeAsync(Func<CancellationToken, Task> call, int count, List<double> into, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(cancellationToken);
            into.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }

    private static Func<CancellationToken, Task> SqsCallAsync(string endpoint)
    {
        var client = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        string? url = null;
        return async ct =>
        {
            url ??= (await client.CreateQueueAsync("bench-edge", ct)).QueueUrl;
            await client.SendMessageAsync(url, "{\"orderId\":\"01JBENCH\"}", ct);
        };
    }

    private static async Task<Func<string, Func<CancellationToken, Task>>> DynamoCallAsync(string direct, CancellationToken cancellationToken)
    {
        using (var setup = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = direct, AuthenticationRegion = "us-east-1" }))
        {
            await setup.CreateTableAsync(new CreateTableRequest
            {
                TableName = "bench-edge", BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("pk", "S")], KeySchema = [new KeySchemaElement("pk", "HASH")],
            }, cancellationToken);
            await setup.PutItemAsync("bench-edge", new Dictionary<string, AttributeValue> { ["pk"] = new("a"), ["v"] = new("1") }, cancellationToken);
        }

        return endpoint =>
        {
            var client = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
            return ct => client.GetItemAsync("bench-edge", new Dictionary<string, AttributeValue> { ["pk"] = new("a") }, ct);
        };
    }

    private static async Task<double> PutEventsAsync(LocalEventBridge bus, Uri endpoint, string scratch, int calls, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 5; i++)
        {
            await bus.PutRuleAsync(new PutRuleRequest { Name = $"bench-{i}", EventPattern = """{ "source": ["fulfilment.orders"], "detail": { "status": [{ "anything-but": "Nope" }] } }""" }, cancellationToken);
            await bus.PutTargetsAsync(new PutTargetsRequest { Rule = $"bench-{i}", Targets = [new Target { Id = "log", Arn = $"file://{scratch}/rule-{i}.jsonl" }] }, cancellationToken);
        }

        using var client = new EventBridgeClient(new AwsClientConfig { ServiceUrl = endpoint, Region = "us-east-1", Credentials = Credentials });
        var request = new PutEventsRequest
        {
            Entries = Enumerable.Range(0, 10).Select(i => new PutEventsRequestEntry
            {
                Source = "fulfilment.orders", DetailType = "OrderStatusChanged", Detail = $$"""{"orderId":"o-{{i}}","status":"Completed","sequence":{{i}}}""",
            }).ToList(),
        };
        await client.PutEventsAsync(request, cancellationToken);
        var perCaller = Math.Max(1, calls / 4);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await client.PutEventsAsync(request, cancellationToken);
            }
        }));
        return perCaller * 4 * 10 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A trivial TCP relay on a free loopback port: bytes in, bytes out, one upstream connection per client connection.</summary>
    private sealed class PassThrough : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly IPEndPoint _upstream;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        private PassThrough(Uri upstream)
        {
            _upstream = new IPEndPoint(IPAddress.Loopback, upstream.Port);
            _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen();
            Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
            _accepting = AcceptAsync(_stop.Token);
        }

        public Uri Endpoint { get; }

        public static PassThrough Start(Uri upstream) => new(upstream);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            try
            {
                await _accepting;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(ct);
                client.NoDelay = true;
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await upstream.ConnectAsync(_upstream, ct);
                _ = PumpAsync(client, upstream, ct);
                _ = PumpAsync(upstream, client, ct);
            }
        }

        private static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int count;
                while ((count = await from.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
                {
                    await to.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Either side closed, or the bench is over.
            }
            finally
            {
                to.Dispose();
            }
        }
    }
}
