using System.Text;
using Fulfilment.Bench.Suites.Orders;
using static Fulfilment.Bench.Suites.Orders.Stats;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// Proof under faults (issue 12): N orders with payment faults, function crashes and duplicate deliveries, full stack
/// restarts in between, poison messages, a redrive of every failed execution, then the invariant checker.
/// </summary>
public sealed class ReliabilitySuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "reliability";

    /// <inheritdoc />
    public string Description => "chaos run + redrive + invariant checker [--orders 10000 --concurrency 32 --payment-faults 0.2 --crashes 0.05 --duplicates 0.1 --restarts 2 --dynamodb-restarts SECONDS --dynamodb-restart-count 3 --process]";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var settings = new ReliabilitySettings
        {
            Orders = IntArg(args, "--orders", 10_000),
            Concurrency = IntArg(args, "--concurrency", 32),
            PaymentFaultRate = DoubleArg(args, "--payment-faults", 0.2),
            LambdaCrashRate = DoubleArg(args, "--crashes", 0.05),
            DuplicateRate = DoubleArg(args, "--duplicates", 0.1),
            Restarts = IntArg(args, "--restarts", 2),
            Seed = IntArg(args, "--seed", 12),
            ProcessFunctions = args.Contains("--process"),
            DynamoDbRestartEverySeconds = DoubleArg(args, "--dynamodb-restarts", 0),
            DynamoDbRestartCount = IntArg(args, "--dynamodb-restart-count", 3),
        };
        var result = await new ReliabilityRun(settings, line => Console.Error.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} reliability: {line}")).RunAsync(cancellationToken);
        var md = new StringBuilder();
        md.AppendLine(F($"Functions: {(settings.ProcessFunctions ? "child processes (a crash is a real kill)" : "in-process (crashes emulated)")}; DynamoDB Local restarts: {(settings.DynamoDbRestartEverySeconds > 0 ? $"every {settings.DynamoDbRestartEverySeconds:F0} s, up to {settings.DynamoDbRestartCount} per stack start ({result.DynamoDbRestarts} done)" : "none")}."));
        md.AppendLine();
        md.AppendLine("| orders accepted | payment faults | crashes | duplicates | restarts | orders/s | p50 ms | p99 ms | executions redriven | not terminal | violations |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(F($"| {result.Accepted} | {settings.PaymentFaultRate:P0} | {settings.LambdaCrashRate:P0} ({result.Crashes} injected) | {settings.DuplicateRate:P0} ({result.Duplicates} delivered twice) | {settings.Restarts} | {result.OrdersPerSecond:F1} | {result.P50Ms:F0} | {result.P99Ms:F0} | {result.Redriven} | {result.StillMissing} | **{result.Report.Violations.Count}** |"));
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(result.Report.Summary(40));
        md.AppendLine("```");
        md.AppendLine(F($"Latency = POST start → the order's first terminal event (Completed, Rejected or PaymentFailed), including time spent stopped during restarts and waiting for redrive. POST retries: {result.PostRetries}. Every 10th order targets a scarce SKU (Rejected path); 2% use tok_decline."));
        return md.ToString();
    }
}
