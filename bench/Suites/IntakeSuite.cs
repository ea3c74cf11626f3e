using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.SQS;
using Fulfilment.Bench.Suites.Orders;
using Fulfilment.Emulators;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Api;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// Intake: <c>POST /orders</c> requests/s and p50/p99 at a fixed concurrency over loopback, against the local API in front of
/// the SQS emulator, with SQS SendMessage of the same message at the same concurrency as the baseline (same run).
/// </summary>
public sealed class IntakeSuite : IBenchSuite
{
    private const string ApiKey = "bench-key";

    public string Name => "intake";

    public string Description => "POST /orders requests/s and p50/p99 at concurrency 32 (args: [requests=4000] [concurrency=32]), vs SQS SendMessage alone.";

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var requests = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
        var concurrency = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        await using var fauxqs = await Fauxqs.StartAsync(cancellationToken: cancellationToken);
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig
        {
            ServiceURL = fauxqs.ServiceUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
        var queueUrl = (await sqs.CreateQueueAsync("bench-new-orders", cancellationToken)).QueueUrl;

        // A usage plan far above what one machine can send: this measures the intake path, not the throttle. The
        // idempotency records go to a SQLite file, as in the local run.
        var scratch = Directory.CreateTempSubdirectory("fulfilment-intake-bench-");
        var options = new ApiOptions
        {
            QueueUrl = queueUrl,
            AcceptedOrdersDatabasePath = Path.Combine(scratch.FullName, "accepted-orders.db"),
            ApiKeys = new Dictionary<string, UsagePlan>(StringComparer.Ordinal) { [ApiKey] = new UsagePlan(1_000_000, 1_000_000) },
        };
        var api = await ApiServer.StartAsync(0, options, sqs, NoStatusAsync, NoHealthAsync, cancellationToken);
        try
        {
            return await MeasureAsync(api.BaseAddress, sqs, queueUrl, requests, concurrency, cancellationToken);
        }
        finally
        {
            await api.DisposeAsync();
            TryDelete(scratch);
        }
    }

    private static async Task<string> MeasureAsync(Uri api, AmazonSQSClient sqs, string queueUrl, int requests, int concurrency, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false }) { BaseAddress = api };
        http.DefaultRequestHeaders.Add("x-api-key", ApiKey);

        var warmUp = Math.Max(concurrency * 4, requests / 10);
        await DriveAsync(warmUp, concurrency, i => PostAsync(http, "warm-" + i, cancellationToken), cancellationToken);
        await DriveAsync(warmUp, concurrency, _ => SendAsync(sqs, queueUrl, cancellationToken), cancellationToken);

        // Alternate the two paths in rounds so both see the same machine load.
        var post = new Load();
        var send = new Load();
        var rounds = 4;
        for (var round = 0; round < rounds; round++)
        {
            var share = requests / rounds;
            post.Add(await DriveAsync(share, concurrency, i => PostAsync(http, $"r{round}-{i}", cancellationToken), cancellationToken));
            send.Add(await DriveAsync(share, concurrency, _ => SendAsync(sqs, queueUrl, cancellationToken), cancellationToken));
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| path (concurrency {concurrency}) | requests | requests/s | p50 (ms) | p99 (ms) | errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        md.AppendLine(post.Row("POST /orders → 202 (validate, idempotency record, SendMessage)"));
        md.AppendLine(send.Row("SQS SendMessage alone (AWSSDK.SQS → fauxqs)"));
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"POST /orders costs {post.Percentile(50) / send.Percentile(50):F2}× the latency of the SendMessage it makes (p50), and sustains {post.PerSecond / send.PerSecond:F2}× its rate.");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{warmUp} warm-up calls per path, then {rounds} alternating rounds of {requests / rounds}; every POST has a new Idempotency-Key; loopback only.");
        return md.ToString();
    }

    private static void TryDelete(DirectoryInfo scratch)
    {
        try
        {
            scratch.Delete(recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; a temp folder left behind is harmless.
        }
    }

    private static async Task<bool> PostAsync(HttpClient http, string key, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = new StringContent(
                """{"customerId":"cust-bench","lines":[{"sku":"SKU-COFFEE-BEANS-1KG","quantity":1,"unitPriceMinor":1500}],"currency":"EUR","paymentToken":"tok_ok"}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key + "-" + Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    private static async Task<bool> SendAsync(AmazonSQSClient sqs, string queueUrl, CancellationToken ct)
    {
        var response = await sqs.SendMessageAsync(queueUrl,
            """{"version":"1","orderId":"01JBENCH0000000000000000","customerId":"cust-bench","lines":[{"sku":"SKU-COFFEE-BEANS-1KG","quantity":1,"unitPriceMinor":1500}],"currency":"EUR","paymentToken":"tok_ok"}""",
            ct);
        return response.HttpStatusCode == HttpStatusCode.OK;
    }

    /// <summary>Runs <paramref name="count"/> calls with <paramref name="concurrency"/> workers; returns each call's latency and the wall time.</summary>
    private static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> DriveAsync(
        int count, int concurrency, Func<int, Task<bool>> call, CancellationToken ct)
    {
        var latencies = new List<double>(count);
        var errors = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var mine = new List<double>();
            var failed = 0;
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await call(i);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                failed += ok ? 0 : 1;
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
                errors += failed;
            }
        });
        await Task.WhenAll(workers);
        return (latencies, errors, wall.Elapsed);
    }

    private static Task<APIGatewayProxyResponse> NoStatusAsync(APIGatewayProxyRequest request, CancellationToken ct) =>
        Task.FromResult(new APIGatewayProxyResponse { StatusCode = 404 });

    private static Task<IReadOnlyList<ComponentHealth>> NoHealthAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ComponentHealth>>([]);

    /// <summary>Latencies and wall time of one path over all rounds.</summary>
    private sealed class Load
    {
        private readonly List<double> _latencies = [];
        private TimeSpan _elapsed;
        private int _errors;

        public double PerSecond => _latencies.Count / _elapsed.TotalSeconds;

        public void Add((List<double> Latencies, int Errors, TimeSpan Elapsed) round)
        {
            _latencies.AddRange(round.Latencies);
            _errors += round.Errors;
            _elapsed += round.Elapsed;
        }

        /// <summary>The nearest-rank percentile the order suites report (<paramref name="p"/> in percent).</summary>
        public double Percentile(double p) => Stats.Percentile([.. _latencies.Order()], p);

        public string Row(string name) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {_latencies.Count} | {PerSecond:F0} | {Percentile(50):F2} | {Percentile(99):F2} | {_errors} |");
    }
}
