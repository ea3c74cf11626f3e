using System.Diagnostics;

namespace Fulfilment.Lambda.Testing;

/// <summary>How <c>scripts/publish-service.sh</c> builds a bootstrap.</summary>
public enum PublishMode
{
    /// <summary>Framework-dependent with the bootstrap apphost (fast to publish).</summary>
    Jit,

    /// <summary>Self-contained ReadyToRun.</summary>
    R2r,

    /// <summary>Native AOT (what the images ship).</summary>
    Aot,
}

/// <summary>Runs <c>scripts/publish-service.sh</c>, the same command Dockerfile.base runs, and returns the bootstrap path.</summary>
public static class ServicePublisher
{
    /// <summary>The repository root (the folder holding Fulfilment.sln), found upwards from the running assembly.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Not inside the Fulfilment repository: Fulfilment.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>True when <c>clang</c> (or a versioned <c>clang-NN</c>) is on PATH, which native AOT needs to link.</summary>
    public static bool NativeToolchainAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "clang*").Any(f => Path.GetFileName(f) == "clang" || IsVersionedClang(Path.GetFileName(f))));

    /// <summary>Publishes <paramref name="projectDir"/> (relative to the repository root) into <paramref name="outDir"/>.</summary>
    public static async Task<string> PublishAsync(string projectDir, string outDir, PublishMode mode, CancellationToken ct = default)
    {
        var root = RepositoryRoot();
        Directory.CreateDirectory(outDir);
        // Test assemblies and the bench may publish into the same folder at once: one publisher at a time per folder.
        await using var gate = await AcquireLockAsync(Path.Combine(outDir, ".publish.lock"), ct);
        var info = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "publish-service.sh"), projectDir, outDir, mode.ToString().ToLowerInvariant()])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"publish-service.sh {projectDir} {mode} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(outDir, "bootstrap");
    }

    private static bool IsVersionedClang(string name) => name.StartsWith("clang-", StringComparison.Ordinal) && name.Length > 6 && name[6..].All(char.IsAsciiDigit);

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(250, ct);
            }
        }
    }
}
