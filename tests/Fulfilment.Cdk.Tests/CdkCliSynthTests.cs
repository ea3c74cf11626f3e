using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>`npx cdk synth` from cdk/ with the project's own npm install: the CLI runs the app and writes a cloud assembly, offline.</summary>
[Collection(CdkCliCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CdkCliSynthTests(CliSynthesis synthesis)
{
    [Fact]
    public async Task NpxCdkSynth_WhenRunFromCdkFolder_ShouldWriteTheStageTemplate()
    {
        var template = JsonNode.Parse(await File.ReadAllTextAsync(synthesis.StageTemplate))!;
        Assert.Equal(CliSynthesis.Stage, (string?)template["Resources"]!.AsObject().Select(r => r.Value!).Single(r => (string?)r["Type"] == "AWS::ApiGateway::Stage")["Properties"]!["StageName"]);
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
}
