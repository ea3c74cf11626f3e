using System.Diagnostics;
using System.Globalization;
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

        var sqs = await CompareAsync("SQS SendMessage", fauxqs.ServiceUrl.ToString(), edge.Endpoint.ToString(), calls, SqsCallAsync, cancellationToken);
        var ddb = await CompareAsync("DynamoDB GetItem", dynamo.ServiceUrl, edge.Endpoint.ToString(), calls, await DynamoCallAsync(dynamo.ServiceUrl, cancellationToken), cancellationToken);
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
        md.AppendLine("| operation | direct p50 (ms) | edge p50 (ms) | direct mean (ms) | edge mean (ms) | edge/direct (p50) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in new[] { sqs, ddb })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Name} | {row.DirectP50:F3} | {row.EdgeP50:F3} | {row.DirectMean:F3} | {row.EdgeMean:F3} | {row.EdgeP50 / row.DirectP50:F2}× |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"PutEvents through the edge, 10 entries per call, 4 concurrent callers, 5 rules matching every event: **{putEvents:F0} entries/s**.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{calls} sequential calls per path after {calls / 4} warm-up calls; direct and edge calls alternate in rounds of 100 so both see the same machine load.");
        return md.ToString();
    }

    private sealed record Row(string Name, double DirectP50, double EdgeP50, double DirectMean, double EdgeMean);

    private static async Task<Row> CompareAsync(
        string name, string direct, string viaEdge, int calls, Func<string, Func<CancellationToken, Task>> makeCall, CancellationToken cancellationToken)
    {
        var directCall = makeCall(direct);
        var edgeCall = makeCall(viaEdge);
        for (var i = 0; i < calls / 4; i++)
        {
            await directCall(cancellationToken);
            await edgeCall(cancellationToken);
        }

        var directTimes = new List<double>(calls);
        var edgeTimes = new List<double>(calls);
        for (var done = 0; done < calls; done += 100)
        {
            await TimeAsync(directCall, Math.Min(100, calls - done), directTimes, cancellationToken);
            await TimeAsync(edgeCall, Math.Min(100, calls - done), edgeTimes, cancellationToken);
        }

        return new Row(name, Percentile(directTimes, 0.5), Percentile(edgeTimes, 0.5), directTimes.Average(), edgeTimes.Average());
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
}
