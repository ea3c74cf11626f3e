using System.Diagnostics;
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
        var dll = Path.Combine(AppContext.BaseDirectory, "fulfil.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
