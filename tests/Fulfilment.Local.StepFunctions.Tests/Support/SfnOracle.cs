using System.Diagnostics;
using System.Text.Json.Nodes;
using Fulfilment.Emulators;

namespace Fulfilment.Local.StepFunctions.Tests.Support;

/// <summary>
/// The independent interpreter (npm aws-local-stepfunctions, pinned in tools/sfn-oracle) driven by run-corpus.mjs.
/// First use installs it with the project's one npm installer (<see cref="NpmPackageInstaller"/>).
/// </summary>
public static class SfnOracle
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ToolDirectory => Path.Combine(RepoRoot, "tools", "sfn-oracle");

    /// <summary>
    /// Installs the pinned packages once per checkout. The shared installer counts an install as done only after npm ci
    /// exits: checking for package.json files raced with an install in flight and ran <c>npx --no asl-validator</c>
    /// before npm had linked node_modules/.bin.
    /// </summary>
    public static Task EnsureInstalledAsync() => new NpmPackageInstaller().EnsureInstalledAsync(ToolDirectory, CancellationToken.None);

    /// <summary>Runs the corpus (a JSON array of cases) in one node process; returns the results by id.</summary>
    public static async Task<Dictionary<string, JsonObject>> RunCorpusAsync(JsonArray corpus)
    {
        await EnsureInstalledAsync();
        var (exit, stdout, stderr) = await RunAsync("node", "--import ./polyfill.mjs run-corpus.mjs", corpus.ToJsonString(), TimeSpan.FromMinutes(3));
        if (exit != 0)
        {
            throw new InvalidOperationException($"run-corpus.mjs failed ({exit}): {stderr}");
        }

        return JsonNode.Parse(stdout)!.AsArray().Select(n => n!.AsObject()).ToDictionary(n => n["id"]!.GetValue<string>());
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, string arguments, string? stdin, TimeSpan timeout)
    {
        var result = (await ChildProcess.RunAsync(new ProcessStartInfo(file, arguments) { WorkingDirectory = ToolDirectory }, timeout, stdin)).ThrowIfTimedOut($"{file} {arguments}");
        return (result.ExitCode, result.StdOut, result.StdErr);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
