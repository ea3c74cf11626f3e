using System.Diagnostics;
using System.Text;
using Fulfilment.Bench.Suites.Orders;
using static Fulfilment.Bench.Suites.Orders.Stats;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// End to end: orders posted over HTTP to the whole local stack until their Completed event — orders/s and p50/p99 of
/// POST → Completed for 2,000 orders, throughput against concurrency, and the same orders' pure DynamoDB work replayed
/// in the same run as the baseline, giving the orchestration overhead ratio (issue 9, Measure).
/// </summary>
public sealed class E2eSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "e2e";

    /// <inheritdoc />
    public string Description => "end to end: POST → Completed orders/s and p50/p99 (2,000 orders), vs the same orders' DynamoDB calls alone [--orders N --concurrency C --levels 4,16,64 --per-level N]";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var orders = IntArg(args, "--orders", 2_000);
        var concurrency = IntArg(args, "--concurrency", 32);
        var perLevel = IntArg(args, "--per-level", 300);
        var levelsIndex = args.ToList().IndexOf("--levels");
        var levels = levelsIndex >= 0 ? args[levelsIndex + 1].Split(',').Select(int.Parse).ToArray() : [4, 16, 64];
        const int functionConcurrency = 16;

        await using var stack = await StackRunner.StartAsync(null, null, functionConcurrency, cancellationToken);
        var skus = Enumerable.Range(1, 20).Select(i => $"E2E-{i:D2}").ToList();
        foreach (var sku in skus)
        {
            await stack.Inventory.SetStockAsync(sku, 1_000_000, cancellationToken);
        }

        using var poster = new OrderPoster(stack.ApiUrl, stack.Options.ApiKey);
        var events = new TerminalEvents(stack.EventsFile);
        using var following = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var follower = events.FollowAsync(following.Token);
        var plan = (int n) => Enumerable.Range(0, n).Select(i => new PlannedOrder(skus[i % skus.Count], 1)).ToList();

        Console.Error.WriteLine("e2e: warming up (100 orders)…");
        await MeasureAsync(poster, events, plan(100), 16, cancellationToken);

        var curve = new List<(int Concurrency, double OrdersPerSecond)>();
        var curveLatency = new List<(double P50, double P99)>();
        foreach (var level in levels)
        {
            Console.Error.WriteLine($"e2e: {perLevel} orders at concurrency {level}…");
            var (rate, levelLatencies, _) = await MeasureAsync(poster, events, plan(perLevel), level, cancellationToken);
            curve.Add((level, rate));
            curveLatency.Add((Percentile(levelLatencies, 50), Percentile(levelLatencies, 99)));
        }

        var openOrders = IntArg(args, "--open-orders", 1_000);
        Console.Error.WriteLine($"e2e: open loop, {openOrders} orders posted at once…");
        var openRate = await SaturateAsync(poster, events, plan(openOrders), cancellationToken);

        Console.Error.WriteLine($"e2e: {orders} orders at concurrency {concurrency}…");
        var (e2eRate, latencies, notCompleted) = await MeasureAsync(poster, events, plan(orders), concurrency, cancellationToken);

        Console.Error.WriteLine($"e2e: storage-only baseline, {orders} orders × {StorageBaseline.CallsPerOrder} DynamoDB calls at concurrency {concurrency}…");
        await following.CancelAsync();
        await follower;
        var baseline = new StorageBaseline(stack.Dynamo);
        var baseSkus = Enumerable.Range(1, 20).Select(i => $"BASE-{i:D2}").ToList();
        foreach (var sku in baseSkus)
        {
            await baseline.SeedAsync(sku, 1_000_000, cancellationToken);
        }

        await baseline.RunAsync(baseSkus, 100, concurrency, cancellationToken); // warm-up, as for the stack
        var (baseSeconds, baseLatencies) = await baseline.RunAsync(baseSkus, orders, concurrency, cancellationToken);
        baseLatencies.Sort();
        var baseRate = orders / baseSeconds;

        var p50 = Percentile(latencies, 50);
        var p99 = Percentile(latencies, 99);
        var b50 = Percentile(baseLatencies, 50);
        var b99 = Percentile(baseLatencies, 99);
        var img = Path.Combine(BenchReport.FindRepoRoot(), "docs", "img");
        Directory.CreateDirectory(img);
        await File.WriteAllTextAsync(Path.Combine(img, "e2e-latency.svg"), SvgPlot.Histogram($"POST → Completed, {latencies.Count} orders at concurrency {concurrency}", latencies, p50, p99), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(img, "e2e-throughput.svg"), SvgPlot.Line($"End-to-end throughput vs concurrency ({perLevel} orders per level)", curve), cancellationToken);

        var md = new StringBuilder();
        md.AppendLine("| run | orders | concurrency | orders/s | p50 ms | p99 ms |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        md.AppendLine(F($"| end to end: POST → Completed event | {latencies.Count} | {concurrency} | {e2eRate:F1} | {p50:F0} | {p99:F0} |"));
        md.AppendLine(F($"| storage only: the same orders' {StorageBaseline.CallsPerOrder} DynamoDB calls | {orders} | {concurrency} | {baseRate:F1} | {b50:F1} | {b99:F1} |"));
        md.AppendLine(F($"| **orchestration overhead (end to end ÷ storage)** | | | {baseRate / e2eRate:F2}× | {p50 / b50:F1}× | {p99 / b99:F1}× |"));
        md.AppendLine(F($"| end to end, open loop: {openOrders} orders posted at once (saturation) | {openOrders} | 32 posting | {openRate:F1} | | |"));
        md.AppendLine();
        md.AppendLine("| concurrency (closed loop) | orders | orders/s | p50 ms | p99 ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|");
        for (var i = 0; i < curve.Count; i++)
        {
            md.AppendLine(F($"| {curve[i].Concurrency} | {perLevel} | {curve[i].OrdersPerSecond:F1} | {curveLatency[i].P50:F0} | {curveLatency[i].P99:F0} |"));
        }

        md.AppendLine();
        md.AppendLine(F($"Stack: in memory, functions in-process ({functionConcurrency} concurrent invocations per function), no chaos; 20 SKUs, 1 unit per order. {notCompleted} order(s) did not reach Completed. POST retries (429/5xx/connection): {poster.Retries}."));
        md.AppendLine("Closed loop: each client posts an order and waits for its Completed event before posting the next, as the storage baseline runs each order's calls in sequence. Latency = the Completed event's `occurredAt` − the moment the client started the POST (same clock). Plots: docs/img/e2e-latency.svg, docs/img/e2e-throughput.svg.");
        return md.ToString();
    }

    /// <summary>Closed loop: each of <paramref name="concurrency"/> clients posts an order and waits for its terminal event before the next.</summary>
    private static async Task<(double Rate, List<double> SortedLatencies, int NotCompleted)> MeasureAsync(OrderPoster poster, TerminalEvents events, List<PlannedOrder> plan, int concurrency, CancellationToken ct)
    {
        var latencies = new List<double>(plan.Count);
        var notCompleted = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (order, token) =>
        {
            var posted = await poster.PostAsync(order, token);
            var terminal = await events.TerminalOfAsync(posted.OrderId).WaitAsync(TimeSpan.FromMinutes(10), token);
            lock (latencies)
            {
                latencies.Add((terminal.At - posted.PostedAt).TotalMilliseconds);
                notCompleted += terminal.Status == "Completed" ? 0 : 1;
            }
        });
        latencies.Sort();
        return (plan.Count / watch.Elapsed.TotalSeconds, latencies, notCompleted);
    }

    /// <summary>Open loop: every order posted as fast as the API takes them; orders/s from the first POST to the last Completed.</summary>
    private static async Task<double> SaturateAsync(OrderPoster poster, TerminalEvents events, List<PlannedOrder> plan, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var posted = await poster.PostAllAsync(plan, 32, ct);
        var results = await Task.WhenAll(posted.Select(p => events.TerminalOfAsync(p.OrderId))).WaitAsync(TimeSpan.FromMinutes(30), ct);
        return posted.Count / (results.Max(r => r.At) - started).TotalSeconds;
    }
}
