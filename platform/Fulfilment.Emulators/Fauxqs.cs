using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Fulfilment.Emulators;

/// <summary>
/// A running fauxqs SQS emulator (npm <c>fauxqs</c> 1.9.2, <c>tools/fauxqs</c>) on a 127.0.0.1 port, started as a
/// Node child process through <c>tools/fauxqs/launcher.mjs</c> and killed by its own handle on dispose.
/// </summary>
public sealed class Fauxqs : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private int _disposed;

    private Fauxqs(Process process, StringBuilder stderr, int port)
    {
        _process = process;
        _stderr = stderr;
        Port = port;
    }

    /// <summary>The loopback port fauxqs listens on.</summary>
    public int Port { get; }

    /// <summary>The endpoint for SQS clients, e.g. <c>http://127.0.0.1:9324</c>.</summary>
    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>The folder with the committed package.json/package-lock.json and launcher of fauxqs.</summary>
    public static string ToolsDirectory(string? startDirectory = null) =>
        Path.Combine(RepositoryPaths.FindRoot(startDirectory), "tools", "fauxqs");

    /// <summary>Installs fauxqs on first use, starts it on <paramref name="port"/> (0: a free one) and returns once it listens.</summary>
    public static async Task<Fauxqs> StartAsync(int port = 0, string? toolsDirectory = null, TimeSpan? startupTimeout = null, CancellationToken cancellationToken = default)
    {
        var tools = toolsDirectory ?? ToolsDirectory();
        await new NpmPackageInstaller().EnsureInstalledAsync(tools, cancellationToken);
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = tools,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(tools, "launcher.mjs"));
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new EmulatorUnavailableException("node could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new EmulatorUnavailableException("Node.js is not installed or not on PATH; fauxqs (the local SQS) needs Node 20+.", ex);
        }

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(startupTimeout ?? TimeSpan.FromSeconds(30));
        try
        {
            // The launcher prints {"port":N} once it listens: that line is the readiness signal.
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new EmulatorUnavailableException($"fauxqs exited with code {process.ExitCode} before it listened. Output:\n{Tail(stderr)}");
            }

            using var doc = JsonDocument.Parse(line);
            var instance = new Fauxqs(process, stderr, doc.RootElement.GetProperty("port").GetInt32());
            _ = DrainAsync(process);
            return instance;
        }
        catch (Exception ex) when (ex is OperationCanceledException or JsonException or KeyNotFoundException)
        {
            Stop(process);
            process.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new EmulatorUnavailableException($"fauxqs did not report its port in time. Output:\n{Tail(stderr)}", ex);
        }
    }

    /// <summary>Stops the Node process by its own handle.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Stop(_process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; the OS finishes the job.
        }

        _process.Dispose();
    }

    /// <summary>What fauxqs wrote to stderr recently, for error messages.</summary>
    public string Diagnostics => Tail(_stderr);

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static async Task DrainAsync(Process process)
    {
        // Keep reading stdout so a chatty child can never block on a full pipe.
        try
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private static string Tail(StringBuilder text)
    {
        lock (text)
        {
            var s = text.ToString();
            return s.Length > 4000 ? s[^4000..] : s;
        }
    }
}
