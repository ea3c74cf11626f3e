using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Emulators;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Persistence;
using Fulfilment.Local.StepFunctions.Service;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// The local Step Functions engine: state transitions per second (100-state Pass chain, 20-state Task chain shaped like the
/// real workflow's Tasks and the plain 20-state Task chain of earlier runs, both with an in-process handler) against
/// aws-local-stepfunctions on the same definitions in the same run, with the in-memory store (<c>--in-memory</c>), the
/// same with the fast paths off (<c>ExecutionServiceOptions.FastPaths</c>) and with the durable SQLite store (a checkpoint
/// before every state with effects), and memory per 10,000 completed executions. Executions run one after another, so
/// the numbers are single-core. In-memory (both ways) and the oracle: best of three runs each, alternately. Then the
/// starts nobody awaits: 1,000 StartExecution calls, timed until all have ended.
/// </summary>
public sealed class EngineSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "engine";

    /// <inheritdoc />
    public string Description => "Step Functions engine: transitions/s vs aws-local-stepfunctions, memory per 10,000 executions";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var runs = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var passChain = Chain(100, _ => """{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.last"}""");

        // Tasks shaped like every Task of the real workflow (workflows/order-fulfilment.asl.json): Parameters that pick
        // input fields, the result at a path of its own, TimeoutSeconds, Retry on Lambda's transient errors with backoff
        // and jitter, and a Catch. The plain chain (no Parameters, timeout, Retry or Catch) is the one of runs 1-5.
        var taskChain = Chain(20, i => $$"""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:echo","Parameters":{"orderId.$":"$.orderId","lines.$":"$.lines","step":"S{{i}}"},"ResultPath":"$.S{{i}}","TimeoutSeconds":30,"Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.AWSLambdaException","Lambda.SdkClientException","Lambda.TooManyRequestsException"],"IntervalSeconds":1,"MaxAttempts":4,"BackoffRate":2.0,"MaxDelaySeconds":20,"JitterStrategy":"FULL"}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.failure","Next":"Failed"}]}""", failState: true);
        var plainTaskChain = Chain(20, _ => """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:echo","ResultPath":"$.last"}""");
        const string input = """{"orderId":"01JABCDEFGHJKMNPQRSTVWXYZ0","lines":[{"sku":"SKU-1","quantity":2}]}""";

        // "engine N pass task plain starts" runs only the parts named (pass, task, plain, starts); no names runs all.
        var parts = args.Skip(1).ToHashSet(StringComparer.Ordinal);
        bool Runs(string part) => parts.Count == 0 || parts.Contains(part);
        var chains = new[] { ("pass", "100-state Pass chain", passChain, 100), ("task", "20-state Task chain", taskChain, 20), ("plain", "20-state plain Task chain", plainTaskChain, 20) }
            .Where(c => Runs(c.Item1)).Select(c => (c.Item2, c.Item3, c.Item4)).ToArray();
        // First, while nothing else has run in this process: what the other parts leave behind shifted this figure by up to half.
        var memory = Runs("starts") ? await MeasureMemoryAsync(Chain(5, _ => """{"Type":"Pass"}"""), input, 10_000, cancellationToken) : 0;
        var rows = new StringBuilder();
        rows.AppendLine("| workload | engine | executions | transitions | seconds | transitions/s | ratio |");
        rows.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (label, definition, states) in chains)
        {
            // Best of three, ours and theirs alternately: on a shared machine a load spike otherwise decides the ratio.
            var memoryStore = TimeSpan.MaxValue;
            var nodesOnly = TimeSpan.MaxValue;
            TimeSpan? theirs = null;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var ours = await MeasureOursAsync(definition, input, runs, sqlite: false, cancellationToken);
                memoryStore = ours < memoryStore ? ours : memoryStore;
                var off = await MeasureOursAsync(definition, input, runs, sqlite: false, cancellationToken, fastPaths: false);
                nodesOnly = off < nodesOnly ? off : nodesOnly;
                if (await MeasureOracleAsync(definition, input, runs, cancellationToken) is { } oracle && (theirs is null || oracle < theirs))
                {
                    theirs = oracle;
                }
            }

            var sqliteStore = await MeasureOursAsync(definition, input, runs, sqlite: true, cancellationToken);
            var theirRate = theirs is { } t ? runs * states / t.TotalSeconds : double.NaN;
            foreach (var (engine, elapsed) in new[] { ("ours, in-memory", memoryStore), ("ours, in-memory, fast paths off", nodesOnly), ("ours, SQLite (durable checkpoints)", sqliteStore) })
            {
                var rate = runs * states / elapsed.TotalSeconds;
                rows.AppendLine(Invariant($"| {label} | {engine} | {runs} | {runs * states} | {elapsed.TotalSeconds:F2} | {rate:N0} | {rate / theirRate:F2}× |"));
            }

            rows.AppendLine(theirs is null
                ? $"| {label} | aws-local-stepfunctions | - | - | - | not run (node/npm missing) | |"
                : Invariant($"| {label} | aws-local-stepfunctions | {runs} | {runs * states} | {theirs.Value.TotalSeconds:F2} | {theirRate:N0} | 1.0× |"));
        }

        if (!Runs("starts"))
        {
            return rows.ToString();
        }

        rows.AppendLine();
        rows.AppendLine("Starts not awaited (the intake's shape: StartExecution for each, nobody waits; time from the first start until the store holds all as ended):");
        rows.AppendLine();
        rows.AppendLine("| workload | executions | seconds until all ended | executions/s | start → ended p50 | p99 |");
        rows.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, definition) in new[] { ("20-state Task chain", taskChain), ("100-state Pass chain", passChain) })
        {
            var best = (Elapsed: TimeSpan.MaxValue, P50: TimeSpan.Zero, P99: TimeSpan.Zero);
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var measured = await MeasureUnawaitedStartsAsync(definition, input, 1_000, cancellationToken);
                best = measured.Elapsed < best.Elapsed ? measured : best;
            }

            rows.AppendLine(Invariant($"| {label} | 1000 | {best.Elapsed.TotalSeconds:F3} | {1000 / best.Elapsed.TotalSeconds:N0} | {best.P50.TotalMilliseconds:F2} ms | {best.P99.TotalMilliseconds:F2} ms |"));
        }

        rows.AppendLine();
        rows.AppendLine(Invariant($"Memory: {memory:N0} bytes retained per 10,000 completed executions of a 5-state Pass chain ({memory / 10_000:N0} bytes each: record, input/output and 13 history events, in-memory store; measured first, before the other parts)."));
        return rows.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Chain(int count, Func<int, string> state, bool failState = false)
    {
        var states = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            var s = JsonNode.Parse(state(i))!.AsObject();
            if (i < count - 1)
            {
                s["Next"] = $"S{i + 1}";
            }
            else
            {
                s["End"] = true;
            }

            states[$"S{i}"] = s;
        }

        if (failState)
        {
            // The Catch target: never entered in a successful run, so not counted as a transition.
            states["Failed"] = new JsonObject { ["Type"] = "Fail", ["Error"] = "ChainFailed", ["Cause"] = "A task failed after its retries." };
        }

        return new JsonObject { ["StartAt"] = "S0", ["States"] = states }.ToJsonString();
    }

    private static ExecutionService NewService(IExecutionStore? store = null, bool fastPaths = true) => new(
        store ?? new InMemoryExecutionStore(),
        new TaskInvokerRegistry([new LambdaTaskInvoker((_, payload, _) => Task.FromResult<(byte[]?, (string, string)?)>((payload, null)))]),
        new InstantEngineClock(),
        new ExecutionServiceOptions { FastPaths = fastPaths });

    private static async Task<TimeSpan> MeasureOursAsync(string definition, string input, int runs, bool sqlite, CancellationToken ct, bool fastPaths = true)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fulfilment-bench-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = sqlite ? await SqliteExecutionStore.OpenAsync(dataDirectory, ct) : (IExecutionStore)new InMemoryExecutionStore();
            return await MeasureOursAsync(store, definition, input, runs, fastPaths, ct);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static async Task<TimeSpan> MeasureOursAsync(IExecutionStore store, string definition, string input, int runs, bool fastPaths, CancellationToken ct)
    {
        // Warm-up on a throw-away in-memory service for a second (bounded): tiered JIT needs that long on a loaded machine
        // before the engine runs optimized code; the measured service then starts with an empty store.
        await using (var warm = NewService(fastPaths: fastPaths))
        {
            var warmMachine = await warm.CreateStateMachineAsync("warm", definition, cancellationToken: ct);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 5_000 && (i < 50 || clock.Elapsed < TimeSpan.FromSeconds(1)); i++)
            {
                await warm.WaitForCompletionAsync((await warm.StartExecutionAsync(warmMachine.StateMachineArn, $"warm-{i}", input, ct)).ExecutionArn, ct);
            }
        }

        GC.Collect();
        await using var service = NewService(store, fastPaths);
        var machine = await service.CreateStateMachineAsync("bench", definition, cancellationToken: ct);
        await service.WaitForCompletionAsync((await service.StartExecutionAsync(machine.StateMachineArn, "warm", input, ct)).ExecutionArn, ct);

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var start = await service.StartExecutionAsync(machine.StateMachineArn, $"run-{i}", input, ct);
            var result = await service.WaitForCompletionAsync(start.ExecutionArn, ct);
            if (result.Status != ExecutionStatus.Succeeded)
            {
                throw new InvalidOperationException($"Benchmark execution failed: {result.Error} {result.Cause}");
            }
        }

        return stopwatch.Elapsed;
    }

    /// <summary>
    /// Starts <paramref name="count"/> executions one after another without waiting for any (as the order service's intake
    /// does) and times until every one has ended: when the store is handed its final record, which no waiter triggers.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)> MeasureUnawaitedStartsAsync(string definition, string input, int count, CancellationToken ct)
    {
        await using (var warm = NewService())
        {
            var warmMachine = await warm.CreateStateMachineAsync("warm", definition, cancellationToken: ct);
            for (var i = 0; i < 200; i++)
            {
                await warm.WaitForCompletionAsync((await warm.StartExecutionAsync(warmMachine.StateMachineArn, $"warm-{i}", input, ct)).ExecutionArn, ct);
            }
        }

        GC.Collect();
        var store = new EndRecordingStore(count);
        await using var service = NewService(store);
        var machine = await service.CreateStateMachineAsync("unawaited", definition, cancellationToken: ct);
        var started = new long[count];
        var first = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            started[i] = Stopwatch.GetTimestamp();
            await service.StartExecutionAsync(machine.StateMachineArn, $"run-{i}", input, ct);
        }

        var ended = await store.AllEnded.WaitAsync(TimeSpan.FromMinutes(5), ct);
        var latencies = ended.Select(e => Stopwatch.GetElapsedTime(started[int.Parse(e.Key[(e.Key.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)], e.Value)).Order().ToArray();
        return (Stopwatch.GetElapsedTime(first, ended.Values.Max()), latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
    }

    private static async Task<long> MeasureMemoryAsync(string definition, string input, int executions, CancellationToken ct)
    {
        await using var service = NewService();
        var machine = await service.CreateStateMachineAsync("memory", definition, cancellationToken: ct);
        await service.WaitForCompletionAsync((await service.StartExecutionAsync(machine.StateMachineArn, "warm", input, ct)).ExecutionArn, ct);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < executions; i++)
        {
            await service.WaitForCompletionAsync((await service.StartExecutionAsync(machine.StateMachineArn, $"m-{i}", input, ct)).ExecutionArn, ct);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(service);
        return after - before;
    }

    private static async Task<TimeSpan?> MeasureOracleAsync(string definition, string input, int runs, CancellationToken ct)
    {
        var tool = Path.Combine(BenchReport.FindRepoRoot(), "tools", "sfn-oracle");
        try
        {
            await new NpmPackageInstaller().EnsureInstalledAsync(tool, ct);

            var request = new JsonObject { ["definition"] = JsonNode.Parse(definition), ["input"] = JsonNode.Parse(input), ["runs"] = runs };
            var output = await RunProcessAsync("node", "--import ./polyfill.mjs run-corpus.mjs bench", tool, request.ToJsonString(), ct);
            return TimeSpan.FromMilliseconds(JsonNode.Parse(output)!["elapsedMs"]!.GetValue<double>());
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or EmulatorUnavailableException)
        {
            return null;
        }
    }

    private static async Task<string> RunProcessAsync(string file, string arguments, string directory, string? stdin, CancellationToken ct)
    {
        var result = (await ChildProcess.RunAsync(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory }, TimeSpan.FromMinutes(30), stdin, ct)).ThrowIfTimedOut($"{file} {arguments}");
        return result.ExitCode == 0 ? result.StdOut : throw new InvalidOperationException($"{file} {arguments} failed: {result.StdErr}");
    }
}

/// <summary>The in-memory store, noting when each execution's final (non-RUNNING) record arrives.</summary>
internal sealed class EndRecordingStore(int expected) : IExecutionStore
{
    private readonly InMemoryExecutionStore inner = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> ended = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<IReadOnlyDictionary<string, long>> all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the end timestamps (<see cref="Stopwatch.GetTimestamp"/>) by execution name once all have ended.</summary>
    public Task<IReadOnlyDictionary<string, long>> AllEnded => all.Task;

    public bool IsDurable => false;

    public async Task PutExecutionAsync(ExecutionRecord record, HistorySlice newEvents, CancellationToken cancellationToken)
    {
        await inner.PutExecutionAsync(record, newEvents, cancellationToken);
        if (record.Status != ExecutionStatus.Running && ended.TryAdd(record.Name, Stopwatch.GetTimestamp()) && ended.Count == expected)
        {
            all.TrySetResult(ended);
        }
    }

    public Task PutStateMachineAsync(StateMachineRecord record, CancellationToken cancellationToken) => inner.PutStateMachineAsync(record, cancellationToken);

    public Task<StateMachineRecord?> GetStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) => inner.GetStateMachineAsync(stateMachineArn, cancellationToken);

    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync(CancellationToken cancellationToken) => inner.ListStateMachinesAsync(cancellationToken);

    public Task DeleteStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) => inner.DeleteStateMachineAsync(stateMachineArn, cancellationToken);

    public Task CheckpointAsync(string executionArn, ExecutionCheckpoint? checkpoint, long lastEventId, HistorySlice newEvents, CancellationToken cancellationToken) =>
        inner.CheckpointAsync(executionArn, checkpoint, lastEventId, newEvents, cancellationToken);

    public Task<ExecutionRecord?> GetExecutionAsync(string executionArn, CancellationToken cancellationToken) => inner.GetExecutionAsync(executionArn, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status, CancellationToken cancellationToken) =>
        inner.ListExecutionsAsync(stateMachineArn, status, cancellationToken);

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn, CancellationToken cancellationToken) => inner.GetHistoryAsync(executionArn, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
