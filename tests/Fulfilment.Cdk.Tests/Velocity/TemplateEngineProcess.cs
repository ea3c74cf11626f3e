using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Fulfilment.Emulators;

namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>Writes a batch of jobs to a file, runs one harness process over it and reads its results file.</summary>
internal static class TemplateEngineProcess
{
    public static async Task<IReadOnlyList<TemplateResult>> RunAsync(
        string engine, string program, IEnumerable<string> argumentsBeforeFiles, IReadOnlyList<TemplateJob> jobs, string missingHint, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("fulfilment-vtl-").FullName;
        try
        {
            var jobsPath = Path.Combine(folder, "jobs.json");
            var resultsPath = Path.Combine(folder, "results.json");
            await File.WriteAllTextAsync(jobsPath, new JsonArray([.. jobs.Select(j => (JsonNode)j.ToJson())]).ToJsonString(), cancellationToken);
            var info = new ProcessStartInfo(program, [.. argumentsBeforeFiles, jobsPath, resultsPath]) { WorkingDirectory = folder };
            ChildProcessResult result;
            try
            {
                result = (await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(3), cancellationToken: cancellationToken)).ThrowIfTimedOut($"{engine} ({program})");
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException($"{engine}: '{program}' could not be started ({ex.Message}). {missingHint}", ex);
            }

            if (result.ExitCode != 0 || !File.Exists(resultsPath))
            {
                throw new InvalidOperationException($"{engine} failed (exit {result.ExitCode}): {result.StdErr}{result.StdOut}");
            }

            var results = JsonNode.Parse(await File.ReadAllTextAsync(resultsPath, cancellationToken))!.AsArray();
            return [.. results.Select(r => TemplateResult.FromJson(r!))];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
