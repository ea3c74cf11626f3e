using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fulfilment.Lambda.Testing;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// Lambda cold start and warm throughput of the same tiny function published three ways by scripts/publish-service.sh
/// (native AOT, JIT framework-dependent, self-contained ReadyToRun), all through the loopback fake Runtime API.
/// Cold start = process spawn until the fake receives the first response (the event is queued before the spawn).
/// Args: <c>--runs N</c> cold starts per mode (default 25), <c>--warm N</c> sequential warm invocations (default 3000),
/// <c>--modes aot,jit,r2r</c>.
/// </summary>
public sealed class ColdStartSuite : IBenchSuite
{
    private const string Project = "tests/Fulfilment.Lambda.TestFunction";
    private const string Payload = """{"message":"hello","orderId":"01JBENCH0000000000000000000"}""";

    /// <inheritdoc />
    public string Name => "coldstart";

    /// <inheritdoc />
    public string Description => "Lambda bootstrap spawn→first response and warm invocations/s: native AOT vs JIT vs ReadyToRun";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var runs = IntArg(args, "--runs", 25);
        var warm = IntArg(args, "--warm", 3000);
        var modes = StringArg(args, "--modes", "aot,jit,r2r").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(m => Enum.Parse<PublishMode>(m, ignoreCase: true)).ToList();
        var notes = new StringBuilder();
        if (modes.Contains(PublishMode.Aot) && !ServicePublisher.NativeToolchainAvailable())
        {
            modes.Remove(PublishMode.Aot);
            notes.AppendLine("- AOT skipped: clang not found (run scripts/install-aot-prereqs.sh).");
        }

        var published = new Dictionary<PublishMode, string>();
        foreach (var mode in modes)
        {
            Console.Error.WriteLine($"coldstart: publishing {mode}...");
            var outDir = Path.Combine(AppContext.BaseDirectory, "coldstart", mode.ToString().ToLowerInvariant());
            published[mode] = await ServicePublisher.PublishAsync(Project, outDir, mode, cancellationToken);
        }

        // Untimed warm-up of the page cache and of the fake itself.
        foreach (var mode in modes)
        {
            await ColdStartAsync(published[mode], cancellationToken);
        }

        // Interleaved rounds, so that drift in the machine's load hits every mode alike.
        var cold = modes.ToDictionary(m => m, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var mode in modes)
            {
                cold[mode].Add(await ColdStartAsync(published[mode], cancellationToken));
            }
        }

        var table = new StringBuilder();
        table.AppendLine("| mode | cold start median (ms) | p10 / p90 (ms) | min (ms) | warm invocations/s | warm p50 / p99 (µs) | peak RSS (MB) | bootstrap (MB) | publish folder (MB) |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var mode in modes)
        {
            var (perSecond, p50, p99, rssMb) = await WarmAsync(published[mode], warm, cancellationToken);
            var samples = cold[mode].Order().ToList();
            var dir = Path.GetDirectoryName(published[mode])!;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mode.ToString().ToLowerInvariant()} | {Percentile(samples, 0.5):F1} | {Percentile(samples, 0.1):F1} / {Percentile(samples, 0.9):F1} | {samples[0]:F1} | {perSecond:F0} | {p50:F0} / {p99:F0} | {rssMb:F0} | {Mb(new FileInfo(published[mode]).Length)} | {Mb(FolderSize(dir))} |"));
        }

        if (cold.TryGetValue(PublishMode.Aot, out var aot) && cold.TryGetValue(PublishMode.Jit, out var jit))
        {
            var ratio = Percentile([.. aot.Order()], 0.5) / Percentile([.. jit.Order()], 0.5);
            notes.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- AOT / JIT cold-start median ratio: {ratio:F2} (target ≤ 0.30; AOT target < 50 ms)."));
        }

        notes.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {runs} cold starts per mode (interleaved), {warm} sequential warm invocations per mode after 300 untimed ones."));
        notes.AppendLine("- jit is framework-dependent: its folder excludes the shared .NET runtime it loads; aot and r2r are self-contained. Folder sizes exclude .pdb/.dbg symbols.");
        return $"{table}\n{notes}";
    }

    private static async Task<double> ColdStartAsync(string bootstrap, CancellationToken ct)
    {
        await using var api = await FakeRuntimeApi.StartAsync(ct);
        var response = api.InvokeAsync(Payload, null, ct);
        var clock = Stopwatch.StartNew();
        await using var process = BootstrapProcess.Start(bootstrap, api.RuntimeApi, "echo");
        var result = await response.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (result.Error is not null)
        {
            throw new InvalidOperationException($"cold start invocation failed: {result.Error.ErrorType}: {result.Error.ErrorMessage}");
        }

        await process.TerminateAsync(ct);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        return elapsed;
    }

    private static async Task<(double PerSecond, double P50Micros, double P99Micros, double PeakRssMb)> WarmAsync(string bootstrap, int count, CancellationToken ct)
    {
        await using var api = await FakeRuntimeApi.StartAsync(ct);
        await using var process = BootstrapProcess.Start(bootstrap, api.RuntimeApi, "echo", new Dictionary<string, string> { ["AWS_LAMBDA_LOG_LEVEL"] = "WARN" });
        for (var i = 0; i < 300; i++)
        {
            await api.InvokeAsync(Payload, null, ct);
        }

        var latencies = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var one = Stopwatch.GetTimestamp();
            await api.InvokeAsync(Payload, null, ct);
            latencies[i] = Stopwatch.GetElapsedTime(one).TotalMicroseconds;
        }

        var perSecond = count / total.Elapsed.TotalSeconds;
        var rss = PeakRssMb(process.Id);
        await process.TerminateAsync(ct);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
        Array.Sort(latencies);
        return (perSecond, Percentile(latencies, 0.5), Percentile(latencies, 0.99), rss);
    }

    private static double PeakRssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];

    private static long FolderSize(string dir) => new DirectoryInfo(dir).EnumerateFiles()
        .Where(f => f.Extension is not (".pdb" or ".dbg") && !f.Name.StartsWith('.'))
        .Sum(f => f.Length);

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    private static int IntArg(IReadOnlyList<string> args, string name, int fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string StringArg(IReadOnlyList<string> args, string name, string fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : fallback;
    }
}
