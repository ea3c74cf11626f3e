using System.Diagnostics;
using System.Globalization;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>Starts one sandbox process with the environment Lambda gives a function, its output lines forwarded.</summary>
internal static class SandboxLauncher
{
    /// <summary>Starts the process; throws <see cref="System.ComponentModel.Win32Exception"/> when the executable cannot run.</summary>
    public static Process Start(LocalLambdaFunction function, RuntimeApiContext api, string sandboxId, Action<string> output)
    {
        var spec = function.Process!;
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in function.Environment)
        {
            info.Environment[key] = value;
        }

        info.Environment["AWS_LAMBDA_RUNTIME_API"] = api.RuntimeApiFor(function.Name, sandboxId);
        info.Environment["_HANDLER"] = function.Handler;
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = function.Name;
        info.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = function.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        info.Environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + function.Name;
        info.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] = $"local/{function.Name}/{sandboxId}";
        if (!function.Environment.ContainsKey("OTEL_SERVICE_NAME"))
        {
            // Each function is its own service in a trace (Lambda's convention), not the host's name it would inherit;
            // the other OTEL_* variables are inherited as they are, so the host's exporter settings reach every sandbox.
            info.Environment["OTEL_SERVICE_NAME"] = function.Name;
        }

        info.Environment.TryAdd("AWS_REGION", api.Region);
        info.Environment.TryAdd("AWS_DEFAULT_REGION", api.Region);
        if (!info.Environment.TryGetValue("DOTNET_ROOT", out var root) || string.IsNullOrEmpty(root))
        {
            // A framework-dependent bootstrap must find the runtime that runs us; dotnet <dll>, AOT and self-contained ignore it.
            info.Environment["DOTNET_ROOT"] = DotnetRoot();
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Forward(e.Data, output);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, output);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Forward(string? line, Action<string> output)
    {
        if (line is not null)
        {
            output(line);
        }
    }

    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root
            ? root
            : Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
