using System.Diagnostics;
using Fulfilment.Emulators;

namespace Fulfilment.Local.OpsConsole.Tests;

/// <summary>Installs what the browser test needs on first use: Debian's chromium (scripts/install-chromium.sh) and the pinned playwright-core (npm ci).</summary>
internal static class BrowserTooling
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Makes sure /usr/bin/chromium exists, installing it as root; otherwise fails with what to run.</summary>
    public static async Task EnsureChromiumAsync(string repositoryRoot)
    {
        if (File.Exists(Chromium))
        {
            return;
        }

        var script = Path.Combine(repositoryRoot, "scripts", "install-chromium.sh");
        var (code, output) = await RunAsync("bash", [script], repositoryRoot, new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
        Assert.True(
            code == 0 && File.Exists(Chromium),
            $"The console's browser test needs Debian's chromium at {Chromium} and could not install it (exit {code}). " +
            $"Run 'sudo scripts/install-chromium.sh' (CI runs it as root).\n{output}");
    }

    /// <summary>Installs the pinned playwright-core with the project's one npm installer (once per checkout and lock file).</summary>
    public static Task EnsureNodeModulesAsync(string folder) => new NpmPackageInstaller().EnsureInstalledAsync(folder, CancellationToken.None);

    /// <summary>Runs a process to completion (killed with its children after <paramref name="timeout"/>); returns its exit code and combined output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var result = await ChildProcess.RunAsync(info, timeout);
        return (result.ExitCode, result.StdOut + result.StdErr + (result.TimedOut ? $"(killed after {timeout})" : ""));
    }
}
