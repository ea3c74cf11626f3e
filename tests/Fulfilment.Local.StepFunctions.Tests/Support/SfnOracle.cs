using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Tests.Support;

/// <summary>
/// The independent interpreter (npm aws-local-stepfunctions, pinned in tools/sfn-oracle) driven by run-corpus.mjs.
/// First use runs <c>npm ci</c> under a cross-process lock so parallel test assemblies do not install twice.
/// </summary>
public static class SfnOracle
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ToolDirectory => Path.Combine(RepoRoot, "tools", "sfn-oracle");

    public static async Task EnsureInstalledAsync()
    {
        var marker = Path.Combine(ToolDirectory, "node_modules", "aws-local-stepfunctions", "package.json");
        var validator = Path.Combine(ToolDirectory, "node_modules", "asl-validator", "package.json");

        // Checked only under the lock: npm ci unpacks package.json files before it links node_modules/.bin, so a test that
        // saw both files mid-install ran `npx --no asl-validator` and got "not found" (a fresh-clone CI run did).
        await using var gate = await AcquireLockAsync(Path.Combine(ToolDirectory, ".install.lock"));
        if (File.Exists(marker) && File.Exists(validator))
        {
            return;
        }

        var (exit, _, stderr) = await RunAsync("npm", "ci --no-audit --no-fund", null, TimeSpan.FromMinutes(5));
        if (exit != 0)
        {
            throw new InvalidOperationException($"npm ci in {ToolDirectory} failed ({exit}): {stderr}");
        }
    }

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
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(info)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {timeout}.");
        }

        return (process.ExitCode, await stdoutTask, await stderrTask);
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
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
