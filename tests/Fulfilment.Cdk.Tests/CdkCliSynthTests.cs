using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fulfilment.Cdk.Tests;

/// <summary>`npx cdk synth` from cdk/ with the project's own npm install: the CLI runs the app and writes a cloud assembly, offline.</summary>
[Collection(CdkCliCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class CdkCliSynthTests(CliSynthesis synthesis)
{
    [Fact]
    public async Task NpxCdkSynth_WhenRunFromCdkFolder_ShouldWriteTheStageTemplate()
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(synthesis.StageTemplate))!;
        // No -c stage: the stage is cdk.json's default, which the CLI passed to the app.
        Assert.Equal(CliSynthesis.Stage, (string?)template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => (string?)r["Type"] == "AWS::ApiGateway::Stage")["Properties"]!["StageName"]);
    }

    [Fact]
    public async Task DotnetRun_WhenRunWithoutTheCli_ShouldWriteTheTemplateTheCliWrites()
    {
        var cli = Comparable(JsonNode.Parse(await File.ReadAllTextAsync(synthesis.StageTemplate))!.AsObject());
        var plain = Comparable(JsonNode.Parse(await File.ReadAllTextAsync(synthesis.PlainRunStageTemplate))!.AsObject());
        Assert.Equal(cli, plain);
    }

    [Fact]
    public async Task NpxCdkSynth_WhenTheContextIsInvalid_ShouldFailNamingTheSetting()
    {
        var output = Directory.CreateTempSubdirectory("fulfilment-cdk-cli-bad-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CliSynthesis.SynthesizeAsync(output, ["stage=ci", "paymentConcurrency=lots"]));
            Assert.Contains("Context paymentConcurrency must be a whole number", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    // What only the CLI asks for: construct paths and asset locations in each resource's metadata, and with them the
    // API deployment's logical id, a hash of the API's resources that includes that metadata.
    private static string Comparable(JsonObject template)
    {
        foreach (var (_, resource) in template["Resources"]!.AsObject())
        {
            if (resource!["Metadata"] is JsonObject metadata)
            {
                foreach (var key in metadata.Select(p => p.Key).Where(k => k.StartsWith("aws:cdk:", StringComparison.Ordinal) || k.StartsWith("aws:asset:", StringComparison.Ordinal)).ToList())
                {
                    metadata.Remove(key);
                }

                if (metadata.Count == 0)
                {
                    resource.AsObject().Remove("Metadata");
                }
            }
        }

        return DeploymentId().Replace(template.ToJsonString(), "ApiDeployment<hash>");
    }

    [GeneratedRegex("ApiDeployment[0-9A-F]{8}[0-9a-f]{32}")]
    private static partial Regex DeploymentId();
}
