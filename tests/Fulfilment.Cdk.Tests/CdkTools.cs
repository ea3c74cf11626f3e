using System.Diagnostics;
using Fulfilment.Emulators;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// The npm folder <c>cdk/</c> (aws-cdk CLI, cfn-guard with the Control Tower rules, velocityjs), installed by
/// <c>npm ci</c> on first use under a cross-process lock, and a way to run its programs with a deadline.
/// </summary>
public static class CdkTools
{
    public static string CdkDirectory => Path.Combine(RepositoryPaths.FindRoot(), "cdk");

    public static string GuardPackage => Path.Combine(CdkDirectory, "node_modules", "@cdklabs", "cdk-validator-cfnguard");

    public static string GuardBinary => Path.Combine(GuardPackage, "bin", "ubuntu", "x86_64", "cfn-guard");

    public static string ControlTowerRules => Path.Combine(GuardPackage, "rules", "control-tower", "cfn-guard");

    public static string VelocityJs => Path.Combine(CdkDirectory, "node_modules", "velocityjs");

    /// <summary>The npm folder of the template checkers that are not ours: cdk-nag and the cloud-copilot IAM data and simulator.</summary>
    public static string CheckersDirectory => Path.Combine(RepositoryPaths.FindRoot(), "tools", "aws-checkers");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await new NpmPackageInstaller().EnsureInstalledAsync(CdkDirectory, cancellationToken);
    }

    public static async Task EnsureCheckersInstalledAsync(CancellationToken cancellationToken)
    {
        await new NpmPackageInstaller().EnsureInstalledAsync(CheckersDirectory, cancellationToken);
    }

    /// <summary>Runs a script of <see cref="CheckersDirectory"/> with node; a non-zero exit fails with the script's own message.</summary>
    public static async Task<string> RunCheckerAsync(string script, IEnumerable<string> arguments, string? stdin = null)
    {
        await EnsureCheckersInstalledAsync(CancellationToken.None);
        var info = new ProcessStartInfo("node", [Path.Combine(CheckersDirectory, script), .. arguments]) { WorkingDirectory = CheckersDirectory };
        var result = (await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(4), stdin)).ThrowIfTimedOut($"node {script}");
        return result.ExitCode == 0
            ? result.StdOut
            : throw new InvalidOperationException($"node {script} failed ({result.ExitCode}): {result.StdErr.Trim()}");
    }

    /// <summary>Runs a program to completion (killing it at the deadline) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments) { WorkingDirectory = workingDirectory };
        info.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var result = (await ChildProcess.RunAsync(info, timeout)).ThrowIfTimedOut($"{fileName} {string.Join(' ', info.ArgumentList)}");
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
