using System.Reflection;

namespace Fulfilment.Local.Lambda;

/// <summary>How to start one sandbox process of a function: an executable, its arguments and working directory.</summary>
public sealed record LambdaProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>A framework-dependent build output run as <c>dotnet &lt;dll&gt;</c> (fast to build, no publish step).</summary>
    public static LambdaProcessSpec ForDll(string dllPath)
    {
        var full = Path.GetFullPath(dllPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"The function's assembly '{full}' does not exist. Build the project first (dotnet build).", full);
        }

        return new LambdaProcessSpec(DotnetHost(), [full], Path.GetDirectoryName(full)!);
    }

    /// <summary>A published <c>bootstrap</c> executable (native AOT or self-contained), exactly what the container image runs.</summary>
    public static LambdaProcessSpec ForBootstrap(string bootstrapPath)
    {
        var full = Path.GetFullPath(bootstrapPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"The bootstrap '{full}' does not exist. Publish it first (scripts/publish-service.sh).", full);
        }

        return new LambdaProcessSpec(full, [], Path.GetDirectoryName(full)!);
    }

    /// <summary>
    /// A service's build output: <c>services/{service}/bin/{configuration}/net10.0/Fulfilment.{Service}.dll</c> under the
    /// repository root (default: found above this assembly), in this assembly's own build configuration by default.
    /// </summary>
    public static LambdaProcessSpec ForService(string service, string? repositoryRoot = null, string? configuration = null) =>
        ForDll(ServiceDllPath(service, repositoryRoot, configuration));

    /// <summary>The path <see cref="ForService"/> runs (it may not exist yet).</summary>
    public static string ServiceDllPath(string service, string? repositoryRoot = null, string? configuration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var root = repositoryRoot ?? FindRepositoryRoot();
        var folder = service.ToLowerInvariant();
        var assembly = "Fulfilment." + char.ToUpperInvariant(folder[0]) + folder[1..];
        return Path.Combine(root, "services", folder, "bin", configuration ?? CurrentConfiguration(), "net10.0", assembly + ".dll");
    }

    /// <summary>The build configuration this assembly was built in (<c>Debug</c> or <c>Release</c>).</summary>
    public static string CurrentConfiguration() =>
        typeof(LambdaProcessSpec).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";

    /// <summary>The nearest folder above the app's base directory (then the current directory) that holds <c>Fulfilment.sln</c>.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fulfilment.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Could not find the Fulfilment repository root (a folder with Fulfilment.sln); pass it explicitly.");
    }

    /// <summary>The dotnet host that runs us (so a child uses the same SDK/runtime), else <c>dotnet</c> from PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
