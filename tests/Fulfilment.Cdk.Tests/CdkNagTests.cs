using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// cdk-nag 3 (npm; the NuGet package is not served) with its AWS Solutions and Serverless packs on every synthesized
/// template, through tools/aws-checkers/nag.mjs: every finding is accepted on its resource in cdk/NagSuppressions.cs
/// with a reason, and every acceptance still matches a finding.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CdkNagTests(SynthesizedApp app)
{
    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task CdkNag_WhenRunOnTheTemplate_ShouldFindNothingThatIsNotSuppressed(string stage)
    {
        var (path, template) = Stage(stage);
        var findings = await CdkNag.RunAsync(path);
        var accepted = Suppressions(template).Select(s => (s.Finding, s.Resource)).ToHashSet();
        var unexcused = findings.Where(f => !accepted.Contains((f.Rule, f.Resource))).Select(f => f.ToString());
        Assert.Empty(unexcused);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task NagSuppressions_WhenCdkNagRuns_ShouldEachStillMatchAFinding(string stage)
    {
        var (path, template) = Stage(stage);
        var found = (await CdkNag.RunAsync(path)).Select(f => (f.Rule, f.Resource)).ToHashSet();
        var unused = Suppressions(template).Where(s => !found.Contains((s.Finding, s.Resource))).Select(s => $"{s.Finding} on {s.Resource}");
        Assert.Empty(unused);
    }

    [Fact]
    public void NagSuppressions_WhenSynthesized_ShouldEachGiveAReason()
    {
        var withoutReason = Suppressions(app.ProdJson).Where(s => string.IsNullOrWhiteSpace(s.Reason)).Select(s => $"{s.Finding} on {s.Resource}");
        Assert.Empty(withoutReason);
    }

    [Fact]
    public async Task CdkNag_WhenTheTemplateIsMissing_ShouldSayToSynthesizeFirst()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CdkNag.RunAsync(Path.Combine(app.OutDir, "Fulfilment-none.template.json")));
        Assert.Contains("synthesize the CDK app first", error.Message, StringComparison.Ordinal);
    }

    internal static IEnumerable<(string Resource, string Finding, string? Reason)> Suppressions(JsonObject template) =>
        template["Resources"]!.AsObject()
            .Where(r => r.Value!["Metadata"]?[NagSuppressions.MetadataKey]?[NagSuppressions.ListKey] is JsonArray)
            .SelectMany(r => r.Value!["Metadata"]![NagSuppressions.MetadataKey]![NagSuppressions.ListKey]!.AsArray()
                .Select(e => (r.Key, (string)e!["id"]!, (string?)e["reason"])));

    private (string Path, JsonObject Template) Stage(string stage) =>
        stage == "prod" ? (app.ProdTemplatePath, app.ProdJson) : (app.DevTemplatePath, app.DevJson);
}
