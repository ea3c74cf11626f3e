using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fulfilment.Lambda.Testing;

/// <summary>
/// A published <c>bootstrap</c> started as Lambda starts it: <c>AWS_LAMBDA_RUNTIME_API</c> and <c>_HANDLER</c> in its
/// environment, stdout captured line by line. Disposing kills it (by its own handle) if it is still running.
/// </summary>
public sealed class BootstrapProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private BootstrapProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (only after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every stdout line so far (the JSON log).</summary>
    public IReadOnlyList<string> StandardOutput => [.. _stdout];

    /// <summary>Every stderr line so far.</summary>
    public IReadOnlyList<string> StandardError => [.. _stderr];

    /// <summary>Starts <paramref name="bootstrapPath"/> against <paramref name="runtimeApi"/> with handler <paramref name="handler"/>.</summary>
    public static BootstrapProcess Start(string bootstrapPath, string runtimeApi, string handler, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(bootstrapPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(bootstrapPath)!,
        };
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        info.Environment["_HANDLER"] = handler;
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "fulfilment-test";
        // A framework-dependent (jit) bootstrap must find the runtime that runs us; AOT and self-contained ignore it.
        info.Environment["DOTNET_ROOT"] = DotnetRoot();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new BootstrapProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { started._stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { started._stderr.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Sends SIGTERM, as Lambda does when it shuts a sandbox down.</summary>
    public Task TerminateAsync(CancellationToken ct = default) => SignalAsync("-TERM", ct);

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does to every process of the foreground group.</summary>
    public Task InterruptAsync(CancellationToken ct = default) => SignalAsync("-INT", ct);

    private async Task SignalAsync(string signal, CancellationToken ct)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync(ct);
    }

    /// <summary>Waits for exit and returns the exit code; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        try
        {
            await _process.WaitForExitAsync(ct).WaitAsync(timeout, ct);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"bootstrap (pid {_process.Id}) still running after {timeout}.\nstdout:\n{string.Join('\n', _stdout)}\nstderr:\n{string.Join('\n', _stderr)}", ex);
        }

        _process.WaitForExit(); // drains the redirected output so StandardOutput is complete
        return _process.ExitCode;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            ? root
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
