using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// cfn-lint on every template the app synthesizes (the prod and dev stages, in-process with cdk.json's context):
/// nothing is left once the suppressions of cdk/LintSuppressions.cs apply, and each of them still excuses a finding.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CfnLintTests(SynthesizedApp app)
{
    private readonly CfnLint _lint = new();

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task CfnLint_WhenRunOnTheTemplate_ShouldFindNothing(string stage)
    {
        var findings = await _lint.LintAsync(TemplatePath(stage));
        Assert.Empty(findings.Select(f => f.ToString()));
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task LintSuppressions_WhenTheTemplateIsLintedWithoutThem_ShouldEachStillExcuseAFinding(string stage)
    {
        var template = stage == "prod" ? app.ProdJson : app.DevJson;
        var bare = Path.Combine(app.OutDir, $"Fulfilment-{stage}.without-lint-suppressions.template.json");
        await File.WriteAllTextAsync(bare, WithoutLintSuppressions(template).ToJsonString());
        var found = (await _lint.LintAsync(bare)).Select(f => (f.Rule, f.Resource)).ToHashSet();
        var unused = Suppressions(template).Where(s => !found.Contains((s.Rule, s.Resource))).Select(s => $"{s.Rule} on {s.Resource}");
        Assert.Empty(unused);
    }

    [Fact]
    public void LintSuppressions_WhenSynthesized_ShouldEachGiveAReason()
    {
        var withoutReason = Suppressions(app.ProdJson).Where(s => string.IsNullOrWhiteSpace(s.Reason)).Select(s => $"{s.Rule} on {s.Resource}");
        Assert.Empty(withoutReason);
    }

    [Fact]
    public async Task CfnLint_WhenAskedItsVersion_ShouldBeTheOneTheSuppressionsWereWrittenFor()
    {
        Assert.Equal(CfnLint.ExpectedVersion, await _lint.VersionAsync());
    }

    [Fact]
    public async Task CfnLint_WhenNotInstalled_ShouldFailNamingWhatToInstall()
    {
        var missing = new CfnLint(Path.Combine(app.OutDir, "no-such-dir", "cfn-lint"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.LintAsync(app.DevTemplatePath));
        Assert.Contains("pip install cfn-lint==" + CfnLint.ExpectedVersion, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CfnLint_WhenTheTemplateIsNotATemplate_ShouldReportAnError()
    {
        var broken = Path.Combine(app.OutDir, "broken.template.json");
        await File.WriteAllTextAsync(broken, "{\"Resources\": {\"Queue\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"VisibilityTimeout\": \"soon\"}}}}");
        var findings = await _lint.LintAsync(broken);
        Assert.Contains(findings, f => f.Level == "Error" && f.Resource == "Queue");
    }

    internal static IEnumerable<(string Resource, string Rule, string? Reason)> Suppressions(JsonObject template) =>
        template["Resources"]!.AsObject()
            .Where(r => r.Value!["Metadata"]?[LintSuppressions.MetadataKey] is JsonObject)
            .SelectMany(r =>
            {
                var section = r.Value!["Metadata"]![LintSuppressions.MetadataKey]!;
                return section[LintSuppressions.ConfigKey]![LintSuppressions.IgnoreChecksKey]!.AsArray()
                    .Select(rule => (r.Key, (string)rule!, (string?)section[LintSuppressions.ReasonsKey]?[(string)rule!]));
            });

    internal static JsonObject WithoutLintSuppressions(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        foreach (var (_, resource) in copy["Resources"]!.AsObject())
        {
            (resource!["Metadata"] as JsonObject)?.Remove(LintSuppressions.MetadataKey);
        }

        return copy;
    }

    private string TemplatePath(string stage) => stage == "prod" ? app.ProdTemplatePath : app.DevTemplatePath;
}
