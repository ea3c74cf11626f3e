using System.Diagnostics;
using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>The lifecycle of a sandbox process as the pool sees it.</summary>
internal enum SandboxState
{
    /// <summary>Started, init not finished (no <c>next</c> yet).</summary>
    Starting,

    /// <summary>Waiting in <c>next</c> for an event, or about to.</summary>
    Idle,

    /// <summary>Running an invocation.</summary>
    Busy,

    /// <summary>Exited.</summary>
    Dead,
}

/// <summary>One process of a function; the pool mutates its state under the pool's lock.</summary>
internal sealed class Sandbox(string id, Process process)
{
    public string Id { get; } = id;

    public Process Process { get; } = process;

    public SandboxState State { get; set; } = SandboxState.Starting;

    /// <summary>Set by the first <c>next</c>: init finished.</summary>
    public bool Ready { get; set; }

    public Invocation? Current { get; set; }

    public LambdaError? InitError { get; set; }

    /// <summary>Completes after the process exited and the pool has cleaned up after it.</summary>
    public Task Monitor { get; set; } = Task.CompletedTask;

    public ITimer? InitTimer { get; set; }

    /// <summary>
    /// Sends SIGTERM to each sandbox still running (by its own process id, in one <c>kill</c> call); on Windows, which
    /// has no SIGTERM, kills them. Returns once the signals are sent, not when the processes exit.
    /// </summary>
    public static async Task TerminateAsync(IReadOnlyCollection<Sandbox> sandboxes)
    {
        var ids = new List<string>();
        foreach (var sandbox in sandboxes)
        {
            try
            {
                if (!sandbox.Process.HasExited)
                {
                    ids.Add(sandbox.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (InvalidOperationException)
            {
                // Its monitor already disposed it: nothing to signal.
            }
        }

        if (ids.Count == 0)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            foreach (var sandbox in sandboxes)
            {
                sandbox.Kill();
            }

            return;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", .. ids]) { UseShellExecute = false, RedirectStandardError = true });
            if (kill is not null)
            {
                // A process that exited since we looked makes kill complain on stderr; the grace period covers the rest.
                _ = await kill.StandardError.ReadToEndAsync();
                await kill.WaitForExitAsync();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): the caller's SIGKILL after the grace period still ends them.
        }
    }

    /// <summary>Kills the process by its own handle (never by name).</summary>
    public void Kill()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited: nothing to kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting right now; the monitor sees the exit either way.
        }
    }
}
