using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Fulfilment.Emulators.Internal;

namespace Fulfilment.Emulators;

/// <summary>
/// Runs <c>npm ci</c> in a folder of ours (committed package.json + package-lock.json) the first time its packages are
/// needed, and again whenever the lock file changes. It is the one installer every npm folder of the project uses.
/// </summary>
/// <remarks>
/// An install counts as done only when <see cref="CompletionMarker"/> holds the hash of the lock file it installed.
/// The marker is written after <c>npm ci</c> exits 0, so a process that sees it never sees a half-unpacked
/// <c>node_modules</c>: checking for a package's own files instead raced with an install in flight (npm unpacks
/// package.json files before it links <c>node_modules/.bin</c>). Parallel test assemblies wait on a cross-process lock.
/// </remarks>
public sealed class NpmPackageInstaller
{
    /// <summary>The file under the package folder that records a finished install: the hash of the lock file it installed.</summary>
    public const string CompletionMarker = "node_modules/.fulfilment-installed";

    private readonly TimeSpan lockTimeout;
    private readonly TimeSpan installTimeout;
    private readonly string npm;
    private readonly Action<string>? progress;

    /// <summary>
    /// Creates an installer; the defaults suit a loaded 2-core machine. <paramref name="npmPath"/> defaults to <c>npm</c>
    /// on PATH; <paramref name="progress"/>, when given, hears when an install starts and ends (a first run takes a while).
    /// </summary>
    public NpmPackageInstaller(TimeSpan? lockTimeout = null, TimeSpan? installTimeout = null, string? npmPath = null, Action<string>? progress = null)
    {
        this.lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(10);
        this.installTimeout = installTimeout ?? TimeSpan.FromMinutes(5);
        npm = npmPath ?? "npm";
        this.progress = progress;
    }

    /// <summary>Installs the packages of <paramref name="packageDirectory"/> unless an install of its current lock file has finished.</summary>
    /// <returns>True when this call ran the install; false when it was already done.</returns>
    public async Task<bool> EnsureInstalledAsync(string packageDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var expected = InstallFingerprint(packageDirectory);
        if (IsInstalled(packageDirectory, expected))
        {
            return false;
        }

        await using var fileLock = await CrossProcessFileLock.AcquireAsync(LockPathFor(packageDirectory), lockTimeout, cancellationToken);

        // Another process may have finished the install while we waited for the lock.
        if (IsInstalled(packageDirectory, expected))
        {
            return false;
        }

        var hasLock = File.Exists(Path.Combine(packageDirectory, "package-lock.json"));
        var arguments = hasLock ? "ci --no-audit --no-fund" : "install --no-audit --no-fund";
        progress?.Invoke($"installing npm packages in {packageDirectory} (npm {arguments}; first use only)…");
        var clock = Stopwatch.StartNew();
        await RunNpmAsync(packageDirectory, arguments, cancellationToken);

        // Write-then-rename, so a reader never sees a partial marker.
        var marker = Path.Combine(packageDirectory, CompletionMarker);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        var temporary = $"{marker}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, expected, cancellationToken);
        File.Move(temporary, marker, overwrite: true);
        progress?.Invoke($"installed npm packages in {packageDirectory} in {clock.Elapsed.TotalSeconds:0} s");
        return true;
    }

    private static bool IsInstalled(string packageDirectory, string expected)
    {
        var marker = Path.Combine(packageDirectory, CompletionMarker);
        try
        {
            return File.ReadAllText(marker) == expected;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The SHA-256 of the lock file (or of package.json when there is none): a changed lock file means a new install.</summary>
    private static string InstallFingerprint(string packageDirectory)
    {
        var lockFile = Path.Combine(packageDirectory, "package-lock.json");
        var manifest = Path.Combine(packageDirectory, "package.json");
        var source = File.Exists(lockFile) ? lockFile : manifest;
        if (!File.Exists(source))
        {
            throw new EmulatorUnavailableException($"No package.json in '{packageDirectory}': the npm folder is missing from this checkout.");
        }

        return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)));
    }

    private static string LockPathFor(string packageDirectory)
    {
        // The lock lives in the temp folder, not in the repository, so it never shows up in git status. It is never
        // deleted: deleting a lock file on release lets two processes lock two different files of the same name.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(packageDirectory))))[..16];
        return Path.Combine(Path.GetTempPath(), $"fulfilment-npm-{hash}.lock");
    }

    private async Task RunNpmAsync(string workingDirectory, string arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(npm, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new EmulatorUnavailableException("npm could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new EmulatorUnavailableException(
                "npm (Node.js) is not installed or not on PATH; it is needed once to install the packages of " +
                $"'{workingDirectory}'. Install Node.js 20+ with npm (e.g. apt-get install -y nodejs npm) and retry.", ex);
        }

        using (process)
        {
            var output = new OutputTail(process, maxLines: 40);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(installTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new EmulatorUnavailableException($"'npm {arguments}' in '{workingDirectory}' did not finish within {installTimeout}. Output:\n{output.Text}");
            }

            if (process.ExitCode != 0)
            {
                throw new EmulatorUnavailableException(
                    $"'npm {arguments}' in '{workingDirectory}' failed with exit code {process.ExitCode}; check that the npm registry is reachable. Output:\n{output.Text}");
            }
        }
    }
}
