using System.Diagnostics;
using Amazon.SQS.Model;
using Fulfilment.Local.Host;
using Fulfilment.Verification;

namespace Fulfilment.Bench.Suites.Orders;

/// <summary>The settings of one reliability run.</summary>
internal sealed record ReliabilitySettings
{
    public int Orders { get; init; } = 10_000;

    public int Concurrency { get; init; } = 32;

    public double PaymentFaultRate { get; init; } = 0.2;

    public double LambdaCrashRate { get; init; } = 0.05;

    public double DuplicateRate { get; init; } = 0.1;

    public int Restarts { get; init; } = 2;

    public int PoisonMessages { get; init; } = 3;

    public int Seed { get; init; } = 12;

    public int FunctionConcurrency { get; init; } = 16;

    /// <summary>Functions as child processes on the Runtime API (a crash is a real kill) instead of in-process.</summary>
    public bool ProcessFunctions { get; init; }

    /// <summary>Seconds between DynamoDB Local restarts (0: none).</summary>
    public double DynamoDbRestartEverySeconds { get; init; }

    /// <summary>DynamoDB Local restarts per stack start; the checker needs them over before it reads.</summary>
    public int DynamoDbRestartCount { get; init; } = 3;

    /// <summary>Orders for one SKU with little stock, so the Rejected path runs under chaos too (every 10th order).</summary>
    public int ScarceStock { get; init; } = 20;

    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(90);
}

/// <summary>What a reliability run measured and what the invariant checker found.</summary>
internal sealed record ReliabilityResult(
    int Accepted, double Seconds, double OrdersPerSecond, double P50Ms, double P99Ms, int Redriven, int StillMissing,
    long Duplicates, long Crashes, long DynamoDbRestarts, long PostRetries, VerificationReport Report);

/// <summary>
/// Posts orders under chaos (payment faults, function crashes, duplicate deliveries), stops and restarts the whole stack
/// in between, injects poison messages, redrives every failed execution, then runs the invariant checker.
/// </summary>
internal sealed class ReliabilityRun(ReliabilitySettings settings, Action<string> log)
{
    public async Task<ReliabilityResult> RunAsync(CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), "fulfilment-reliability-" + Guid.NewGuid().ToString("N")[..8]);
        var chaos = new ChaosOptions
        {
            Seed = settings.Seed,
            Payment = new PaymentChaos(ErrorRate: settings.PaymentFaultRate),
            LambdaCrashRate = settings.LambdaCrashRate,
            DuplicateDeliveryRate = settings.DuplicateRate,
            DynamoDbRestartEverySeconds = settings.DynamoDbRestartEverySeconds,
            DynamoDbRestartCount = settings.DynamoDbRestartCount,
        };
        var mode = settings.ProcessFunctions ? FunctionMode.Process : FunctionMode.InProcess;
        var stockAdded = new Dictionary<string, long>(StringComparer.Ordinal);
        var skus = Enumerable.Range(1, 10).Select(i => $"REL-{i:D2}").ToList();
        var random = new Random(settings.Seed);
        var plan = Enumerable.Range(0, settings.Orders).Select(i => i % 10 == 9
            ? new PlannedOrder("REL-SCARCE", 1 + random.Next(2))
            : new PlannedOrder(skus[random.Next(skus.Count)], 1 + random.Next(3), random.NextDouble() < 0.02 ? "tok_decline" : "tok_ok")).ToList();
        var poison = Enumerable.Range(1, settings.PoisonMessages).Select(i => $"{{\"poison\":{i},\"why\":\"injected by the reliability run\"}}").ToList();
        var posted = new List<Posted>();
        long duplicates = 0, crashes = 0, dynamoDbRestarts = 0, retries = 0;
        using var http = new HttpClient();

        var stack = await StackRunner.StartAsync(data, chaos, settings.FunctionConcurrency, ct, mode);
        try
        {
            foreach (var sku in skus)
            {
                await stack.Inventory.SetStockAsync(sku, 1_000_000, ct);
                stockAdded[sku] = 1_000_000;
            }

            await stack.Inventory.SetStockAsync("REL-SCARCE", settings.ScarceStock, ct);
            stockAdded["REL-SCARCE"] = settings.ScarceStock;

            var started = DateTimeOffset.UtcNow;
            var phases = settings.Restarts + 1;
            for (var phase = 0; phase < phases; phase++)
            {
                var slice = plan.Skip(phase * plan.Count / phases).Take(((phase + 1) * plan.Count / phases) - (phase * plan.Count / phases)).ToList();
                log($"phase {phase + 1}/{phases}: posting {slice.Count} orders at concurrency {settings.Concurrency}");
                using (var poster = new OrderPoster(stack.ApiUrl, stack.Options.ApiKey))
                {
                    posted.AddRange(await poster.PostAllAsync(slice, settings.Concurrency, ct));
                    retries += poster.Retries;
                }

                if (phase < phases - 1)
                {
                    // A full stop/start while executions are in flight: they must resume, nothing accepted may be lost.
                    log($"restart {phase + 1}/{settings.Restarts}: stopping the whole stack mid-run…");
                    duplicates += stack.ChaosStats.Duplicates;
                    crashes += stack.ChaosStats.Crashes;
                    dynamoDbRestarts += stack.ChaosStats.DynamoDbRestarts;
                    await stack.DisposeAsync();
                    stack = await StackRunner.StartAsync(data, chaos, settings.FunctionConcurrency, ct, mode);
                    log("restarted");
                }
            }

            // Poison goes in after the last restart: a message still in the main queue at a stop does not survive it (the
            // stack keeps only the DLQ and the accepted orders; see docs/aws-vs-local.md).
            foreach (var body in poison)
            {
                await stack.Sqs.SendMessageAsync(stack.QueueUrl, body, ct);
            }

            var ids = posted.Select(p => p.OrderId).ToList();
            var events = new TerminalEvents(stack.EventsFile);
            var missing = await events.WaitAsync(ids, settings.Quiet, TimeSpan.FromHours(2), ct);
            log($"{ids.Count - missing.Count} of {ids.Count} orders terminal; redriving failed executions…");

            var redriven = 0;
            var poisonBodies = poison.ToHashSet(StringComparer.Ordinal);
            for (var round = 0; round < 5; round++)
            {
                // DynamoDB crashes can outlast maxReceiveCount receives: ops then redrive the DLQ too (docs/runbook.md).
                var deadLetters = settings.DynamoDbRestartEverySeconds > 0 ? await stack.RedriveDeadLettersAsync(poisonBodies, ct) : 0;
                var failed = await stack.RedrivableExecutionsAsync(ct);
                if (failed.Count == 0 && deadLetters == 0)
                {
                    break;
                }

                if (deadLetters > 0)
                {
                    log($"redrive round {round + 1}: {deadLetters} dead letter(s) moved back to the queue");
                }

                foreach (var arn in failed)
                {
                    await stack.Engine.RedriveExecutionAsync(arn, ct);
                    redriven++;
                }

                log($"redrive round {round + 1}: {failed.Count} execution(s)");
                missing = await events.WaitAsync(ids, settings.Quiet, TimeSpan.FromMinutes(30), ct);
            }

            var finished = events.Seen.Values.Select(v => v.At).DefaultIfEmpty(started).Max();
            var latencies = posted.Where(p => events.Seen.ContainsKey(p.OrderId)).Select(p => (events.Seen[p.OrderId].At - p.PostedAt).TotalMilliseconds).Order().ToList();
            await stack.WaitForDeadLettersAsync(poison.Count, TimeSpan.FromMinutes(3), ct);

            duplicates += stack.ChaosStats.Duplicates;
            crashes += stack.ChaosStats.Crashes;
            dynamoDbRestarts += stack.ChaosStats.DynamoDbRestarts;
            var report = await new Verifier(stack.VerificationSources(), http).VerifyAsync(new VerificationExpectations { AcceptedOrderIds = ids, StockAdded = stockAdded, InjectedPoisonBodies = poison }, ct);
            var seconds = (finished - started).TotalSeconds;
            return new ReliabilityResult(ids.Count, seconds, latencies.Count / seconds, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99),
                redriven, missing.Count, duplicates, crashes, dynamoDbRestarts, retries, report);
        }
        finally
        {
            await stack.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
