using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Fulfilment.Bench;

// Suites are discovered by type so that each area adds a file under Suites/ without touching this one.
var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchSuite).IsAssignableFrom(t))
    .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- <suite> [suite args]");
    foreach (var s in suites)
    {
        Console.WriteLine($"  {s.Name,-14} {s.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

var suite = suites.FirstOrDefault(s => s.Name == args[0]);
if (suite is null)
{
    await Console.Error.WriteLineAsync($"Unknown suite '{args[0]}'. Known: {string.Join(", ", suites.Select(s => s.Name))}.");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var markdown = await suite.RunAsync(args.Skip(1).ToList(), cts.Token);
Console.WriteLine(markdown);
BenchReport.Append(suite, args, markdown);
return 0;

/// <summary>Appends a suite's result, with date, commit and machine facts, to docs/benchmarks.md.</summary>
internal static class BenchReport
{
    public static void Append(IBenchSuite suite, string[] args, string markdown)
    {
        var root = FindRepoRoot();
        var commit = Git(root, "rev-parse --short HEAD");
        var header = string.Create(CultureInfo.InvariantCulture,
            $"\n## {suite.Name} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}\n\n" +
            $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
            $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.\n" +
            $"Command: `dotnet run -c Release --project bench -- {string.Join(' ', args)}`\n\n");
        File.AppendAllText(Path.Combine(root, "docs", "benchmarks.md"), header + markdown.TrimEnd() + "\n");
    }

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the Fulfilment repository.");
    }

    private static string Git(string root, string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
