using System.Diagnostics;
using Fulfilment.Emulators;

namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>
/// Apache Velocity 1.7 (Java), the engine family API Gateway renders mapping templates with: Debian's <c>velocity</c>
/// package, installed on first use by <c>scripts/install-velocity.sh</c>, and <c>VelocityHarness.java</c> compiled
/// with <c>javac</c> into a folder of this instance.
/// </summary>
public sealed class JavaVelocity(string jarDirectory = "/usr/share/java", string javaBin = "") : ITemplateEngine, IDisposable
{
    private const string JavaHint = "Install a JDK 17+ (java and javac on PATH), e.g. apt-get install -y openjdk-17-jdk-headless.";

    private readonly string[] _jars = [.. new[] { "velocity.jar", "commons-lang.jar", "commons-collections3.jar" }.Select(j => Path.Combine(jarDirectory, j))];
    private readonly SemaphoreSlim _compile = new(1, 1);
    private string? _classes;

    public string Name => "Java Velocity 1.7";

    public async Task<IReadOnlyList<TemplateResult>> RenderAsync(IReadOnlyList<TemplateJob> jobs, CancellationToken cancellationToken)
    {
        var classes = await CompiledAsync(cancellationToken);
        var classPath = string.Join(':', [.. _jars, classes]);
        return await TemplateEngineProcess.RunAsync(Name, Path.Combine(javaBin, "java"), ["-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath, "VelocityHarness"], jobs, JavaHint, cancellationToken);
    }

    public void Dispose()
    {
        _compile.Dispose();
        if (_classes is not null && Directory.Exists(_classes))
        {
            Directory.Delete(_classes, recursive: true);
        }
    }

    private async Task<string> CompiledAsync(CancellationToken cancellationToken)
    {
        await _compile.WaitAsync(cancellationToken);
        try
        {
            if (_classes is not null)
            {
                return _classes;
            }

            await EnsureInstalledAsync(cancellationToken);
            var classes = Directory.CreateTempSubdirectory("fulfilment-velocity-classes-").FullName;
            var source = Path.Combine(AppContext.BaseDirectory, "Velocity", "VelocityHarness.java");
            var info = new ProcessStartInfo(Path.Combine(javaBin, "javac"), ["-encoding", "UTF-8", "-nowarn", "-cp", string.Join(':', _jars), "-d", classes, source]);
            ChildProcessResult result;
            try
            {
                result = (await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(3), cancellationToken: cancellationToken)).ThrowIfTimedOut("javac VelocityHarness.java");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"javac could not be started ({ex.Message}): the Java Velocity harness is compiled at test time. {JavaHint}", ex);
            }

            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"javac could not compile VelocityHarness.java against {string.Join(", ", _jars)} (exit {result.ExitCode}): {result.StdErr}{result.StdOut}");
            }

            _classes = classes;
            return classes;
        }
        finally
        {
            _compile.Release();
        }
    }

    // The Debian packages are installed by the project's own script (apt, root or passwordless sudo), or the test says why not.
    private async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (_jars.All(File.Exists))
        {
            return;
        }

        var script = Path.Combine(RepositoryPaths.FindRoot(), "scripts", "install-velocity.sh");
        var result = (await ChildProcess.RunAsync(new ProcessStartInfo("bash", [script]), TimeSpan.FromMinutes(10), cancellationToken: cancellationToken)).ThrowIfTimedOut(script);
        if (result.ExitCode != 0 || !_jars.All(File.Exists))
        {
            throw new InvalidOperationException(
                $"Java Velocity is not installed ({string.Join(", ", _jars.Where(j => !File.Exists(j)))} missing) and {script} could not install it " +
                $"(exit {result.ExitCode}): {result.StdErr.Trim()} Install Debian's 'velocity' package (Apache Velocity 1.7 with commons-lang 2.6 and commons-collections 3): apt-get install -y velocity.");
        }
    }
}
