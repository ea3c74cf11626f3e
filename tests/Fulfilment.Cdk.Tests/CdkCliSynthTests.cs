using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>`npx cdk synth` from cdk/ with the project's own npm install: the CLI runs the app and writes a cloud assembly, offline.</summary>
[Trait("Category", "Integration")]
public sealed class CdkCliSynthTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task NpxCdkSynth_WhenRunFromCdkFolder_ShouldWriteTheStageTemplate()
    {
        await CdkTools.EnsureInstalledAsync(CancellationToken.None);
        var output = Directory.CreateTempSubdirectory("fulfilment-cdk-cli-").FullName;
        try
        {
            // The app is the one of cdk.json, with --no-build: this test assembly already built it, and a second
            // build of the same project while tests run would race with other builds on the machine.
            var (exit, _, stderr) = await CdkTools.RunAsync(
                "npx",
                ["--no-install", "cdk", "synth", "--quiet", "--no-notices", "--no-version-reporting", "--output", output, "-c", "stage=ci",
                    "--app", $"dotnet run --no-build -c {Configuration} --project Fulfilment.Cdk.csproj"],
                CdkTools.CdkDirectory,
                TimeSpan.FromMinutes(4));
            Assert.True(exit == 0, $"cdk synth failed ({exit}): {stderr}");
            var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "Fulfilment-ci.template.json")))!;
            Assert.Equal("ci", (string?)template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => (string?)r["Type"] == "AWS::ApiGateway::Stage")["Properties"]!["StageName"]);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
