using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// The checkers on what `npx cdk synth` writes with cdk.json's app and context (the way a deployer synthesizes):
/// cfn-lint finds nothing, and cdk-nag nothing beyond the suppressions in the template.
/// </summary>
[Collection(CdkCliCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CliTemplateCheckTests(CliSynthesis synthesis)
{
    [Fact]
    public async Task CfnLint_WhenRunOnEveryTemplateTheCliWrites_ShouldFindNothing()
    {
        Assert.NotEmpty(synthesis.Templates);
        var lint = new CfnLint();
        var findings = new List<string>();
        foreach (var template in synthesis.Templates)
        {
            findings.AddRange((await lint.LintAsync(template)).Select(f => $"{Path.GetFileName(template)}: {f}"));
        }

        Assert.Empty(findings);
    }

    [Fact]
    public async Task CdkNag_WhenRunOnEveryTemplateTheCliWrites_ShouldFindNothingThatIsNotSuppressed()
    {
        Assert.NotEmpty(synthesis.Templates);
        var unexcused = new List<string>();
        foreach (var template in synthesis.Templates)
        {
            var json = JsonNode.Parse(await File.ReadAllTextAsync(template))!.AsObject();
            var accepted = CdkNagTests.Suppressions(json).Select(s => (s.Finding, s.Resource)).ToHashSet();
            unexcused.AddRange((await CdkNag.RunAsync(template)).Where(f => !accepted.Contains((f.Rule, f.Resource))).Select(f => $"{Path.GetFileName(template)}: {f}"));
        }

        Assert.Empty(unexcused);
    }
}
