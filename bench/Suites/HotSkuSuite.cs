using System.Text;
using Fulfilment.Bench.Suites.Orders;
using Fulfilment.Verification;
using static Fulfilment.Bench.Suites.Orders.Stats;

namespace Fulfilment.Bench.Suites;

/// <summary>Hot SKU (issue 12): 1,000 orders of one unit each race for 100 units of one SKU; exactly 100 may complete.</summary>
public sealed class HotSkuSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "hotsku";

    /// <inheritdoc />
    public string Description => "1,000 orders for 100 units of one SKU: exactly 100 Completed, none oversold, checker clean [--orders N --stock N --concurrency C]";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var orders = IntArg(args, "--orders", 1_000);
        var stock = IntArg(args, "--stock", 100);
        var concurrency = IntArg(args, "--concurrency", 32);
        await using var stack = await StackRunner.StartAsync(null, null, 16, cancellationToken);
        await stack.Inventory.SetStockAsync("HOT-1", stock, cancellationToken);
        using var poster = new OrderPoster(stack.ApiUrl, stack.Options.ApiKey);
        var started = DateTimeOffset.UtcNow;
        var posted = await poster.PostAllAsync(Enumerable.Range(0, orders).Select(_ => new PlannedOrder("HOT-1", 1)).ToList(), concurrency, cancellationToken);
        var ids = posted.Select(p => p.OrderId).ToList();
        var events = new TerminalEvents(stack.EventsFile);
        var missing = await events.WaitAsync(ids, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(30), cancellationToken);
        var seconds = (events.Seen.Values.Select(v => v.At).DefaultIfEmpty(started).Max() - started).TotalSeconds;
        var latencies = posted.Where(p => events.Seen.ContainsKey(p.OrderId)).Select(p => (events.Seen[p.OrderId].At - p.PostedAt).TotalMilliseconds).Order().ToList();
        using var http = new HttpClient();
        var report = await new Verifier(
            new SnapshotSources { Dynamo = stack.Dynamo, ProcessorUrl = stack.PaymentProcessor.BaseAddress, ProcessorApiKey = stack.PaymentProcessor.ApiKey, EventsFile = stack.EventsFile, Sqs = stack.Sqs, DeadLetterQueueUrl = stack.DeadLetterQueueUrl },
            http).VerifyAsync(new VerificationExpectations { AcceptedOrderIds = ids, StockAdded = new Dictionary<string, long> { ["HOT-1"] = stock } }, cancellationToken);
        var level = await stack.Inventory.GetStockAsync("HOT-1", cancellationToken);
        var completed = report.OrdersByStatus.GetValueOrDefault("Completed");
        var md = new StringBuilder();
        md.AppendLine("| orders | stock | concurrency | Completed | Rejected | other | available / reserved / sold | orders/s | p50 ms | p99 ms | violations |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        md.AppendLine(F($"| {ids.Count} | {stock} | {concurrency} | {completed} | {report.OrdersByStatus.GetValueOrDefault("Rejected")} | {ids.Count - completed - report.OrdersByStatus.GetValueOrDefault("Rejected")} | {level?.Available} / {level?.Reserved} / {level?.Sold} | {latencies.Count / seconds:F1} | {Percentile(latencies, 50):F0} | {Percentile(latencies, 99):F0} | **{report.Violations.Count}** |"));
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(report.Summary(20));
        md.AppendLine("```");
        md.AppendLine(F($"{missing.Count} order(s) without a terminal event at the end. Exactly {stock} must complete: fewer means stock was lost, more means it was oversold."));
        return md.ToString();
    }
}
