using System.Diagnostics;
using System.Text;

namespace Fulfilment.Emulators;

/// <summary>What a child process left: its exit code (-1 when it was killed at the deadline) and everything it wrote.</summary>
public sealed record ChildProcessResult(int ExitCode, string StdOut, string StdErr, bool TimedOut);

/// <summary>
/// Runs a tool (node, npx, cfn-guard, a built .NET program) to completion for tests and benches: output read while it
/// runs (a full pipe never blocks it), standard input written then closed, and a deadline after which the process and
/// its children are killed by its own handle.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="info"/> (its redirection and shell settings are set here) until it exits or <paramref name="timeout"/> passes.</summary>
    /// <returns>The result; at the deadline <see cref="ChildProcessResult.TimedOut"/> is set and the output is what came before it.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the process is killed first).</exception>
    public static async Task<ChildProcessResult> RunAsync(ProcessStartInfo info, TimeSpan timeout, string? stdin = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.StandardOutputEncoding ??= Encoding.UTF8;
        info.StandardErrorEncoding ??= Encoding.UTF8;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            try
            {
                if (stdin is not null)
                {
                    await process.StandardInput.WriteAsync(stdin.AsMemory(), deadline.Token);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool closed its input early (or has exited): its exit code and output tell what happened.
            }

            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ChildProcessResult(-1, await Drained(stdout), await Drained(stderr), TimedOut: true);
        }

        return new ChildProcessResult(process.ExitCode, await stdout, await stderr, TimedOut: false);
    }

    // A descendant that escaped the kill can hold the pipe open: what was read in a moment is all there is.
    private static async Task<string> Drained(Task<string> read) =>
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5))) == read ? await read : "(output still open after the kill)";

    /// <summary>The result, or a <see cref="TimeoutException"/> naming the command when it was killed at the deadline.</summary>
    public static ChildProcessResult ThrowIfTimedOut(this ChildProcessResult result, string command)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.TimedOut ? throw new TimeoutException($"{command} did not finish in time; output so far:\n{result.StdOut}{result.StdErr}") : result;
    }
}
