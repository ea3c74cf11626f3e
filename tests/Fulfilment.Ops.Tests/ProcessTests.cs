using System.Diagnostics;
using Fulfilment.Emulators;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>The built `fulfil` executable: the exit codes reach the shell, messages go to stderr.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Exe_WhenArgumentsAreBad_ShouldExitTwoWithTheMessageOnStderr()
    {
        var (exit, stdout, stderr) = await RunAsync("executions", "list", "--status", "BROKEN");

        Assert.True(exit == ExitCodes.Usage && stdout.Length == 0 && stderr.Contains("'BROKEN' not recognized", StringComparison.Ordinal), $"{exit}\n{stdout}\n{stderr}");
    }

    [Fact]
    public async Task Exe_WhenHelpIsAsked_ShouldExitZero()
    {
        var (exit, stdout, _) = await RunAsync("executions", "redrive", "--help");

        Assert.True(exit == ExitCodes.Ok && stdout.Contains("--all-failed", StringComparison.Ordinal), stdout);
    }

    /// <summary>Runs the built fulfil.dll with no ambient AWS endpoint or region (the tests give them).</summary>
    internal static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fulfil.dll"), .. args]);
        foreach (var name in new[] { "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE" })
        {
            start.Environment.Remove(name);
        }

        var result = (await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(2))).ThrowIfTimedOut("fulfil " + string.Join(' ', args));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
