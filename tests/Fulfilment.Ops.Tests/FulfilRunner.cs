using System.Text.Json;

namespace Fulfilment.Ops.Tests;

/// <summary>What one `fulfil` run printed and returned.</summary>
public sealed record FulfilResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        try
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"stdout is not JSON ({ex.Message}); exit {ExitCode}\nstdout: {Out}\nstderr: {Error}", ex);
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}

/// <summary>Runs the real command pipeline in-process with captured output.</summary>
public static class FulfilRunner
{
    public static async Task<FulfilResult> RunAsync(string[] args, Func<string, string?>? variables = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var exit = await FulfilApp.RunAsync(args, stdout, stderr, variables ?? (_ => null), timeout.Token);
        return new FulfilResult(exit, stdout.ToString(), stderr.ToString());
    }
}
