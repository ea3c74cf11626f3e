using Fulfilment.Emulators;

namespace Fulfilment.Inventory.Tests;

/// <summary>
/// The one npm installer every npm folder of the project goes through. npm itself is replaced by a script that records
/// each run (the registry is a boundary we do not own); what is tested is when an install runs and when it counts as done.
/// </summary>
public sealed class NpmPackageInstallerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fulfilment-npm-installer-").FullName;

    public NpmPackageInstallerTests()
    {
        File.WriteAllText(Path.Combine(folder, "package.json"), """{ "name": "probe", "version": "1.0.0" }""");
        File.WriteAllText(Path.Combine(folder, "package-lock.json"), """{ "name": "probe", "lockfileVersion": 3 }""");
    }

    private string RunsLog => Path.Combine(folder, "npm-runs.log");

    [Fact]
    public async Task EnsureInstalledAsync_WhenManyCallersStartAtOnce_ShouldRunNpmOnce()
    {
        var installer = new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 0));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => installer.EnsureInstalledAsync(folder, CancellationToken.None))));

        Assert.Single(File.ReadAllLines(RunsLog));
    }

    [Fact]
    public async Task EnsureInstalledAsync_WhenTheInstallIsDone_ShouldNotRunNpm()
    {
        await new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 0)).EnsureInstalledAsync(folder, CancellationToken.None);

        var ranAgain = await new NpmPackageInstaller(npmPath: "/nonexistent/bin/npm").EnsureInstalledAsync(folder, CancellationToken.None);

        Assert.False(ranAgain);
    }

    [Fact]
    public async Task EnsureInstalledAsync_WhenNpmFails_ShouldNotCountTheInstallAsDone()
    {
        var failing = new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 1));
        await Assert.ThrowsAsync<EmulatorUnavailableException>(() => failing.EnsureInstalledAsync(folder, CancellationToken.None));

        var ran = await new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 0)).EnsureInstalledAsync(folder, CancellationToken.None);

        Assert.True(ran);
    }

    [Fact]
    public async Task EnsureInstalledAsync_WhenTheLockFileChanges_ShouldInstallAgain()
    {
        var installer = new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 0));
        await installer.EnsureInstalledAsync(folder, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(folder, "package-lock.json"), """{ "name": "probe", "lockfileVersion": 3, "packages": {} }""");

        var ran = await installer.EnsureInstalledAsync(folder, CancellationToken.None);

        Assert.True(ran);
    }

    [Fact]
    public async Task EnsureInstalledAsync_WhenTheFolderHasNoPackageJson_ShouldSaySo()
    {
        File.Delete(Path.Combine(folder, "package.json"));
        File.Delete(Path.Combine(folder, "package-lock.json"));

        var error = await Assert.ThrowsAsync<EmulatorUnavailableException>(
            () => new NpmPackageInstaller(npmPath: FakeNpm(exitCode: 0)).EnsureInstalledAsync(folder, CancellationToken.None));

        Assert.Contains("No package.json", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A stand-in for npm: logs the run, takes a moment (so concurrent callers overlap) and unpacks a file.</summary>
    private string FakeNpm(int exitCode)
    {
        var script = Path.Combine(folder, $"fake-npm-{exitCode}.sh");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$*" >> "{RunsLog}"
            sleep 0.3
            mkdir -p node_modules/probe
            exit {exitCode}
            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }
}
