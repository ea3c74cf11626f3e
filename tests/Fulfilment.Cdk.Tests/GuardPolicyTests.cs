using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// cfn-guard with the AWS Control Tower rules (npm @cdklabs/cdk-validator-cfnguard) on the synthesized templates:
/// every finding must be excused by a suppression in the resource's metadata, with a reason, and every suppression
/// must still excuse something.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class GuardPolicyTests(SynthesizedApp app, GuardPolicyTests.GuardRuns runs) : IClassFixture<GuardPolicyTests.GuardRuns>
{
    /// <summary>One cfn-guard run per template for the whole class (a run is the slow part).</summary>
    public sealed class GuardRuns
    {
        private readonly Dictionary<string, Task<(int ExitCode, string StdOut, string StdErr)>> _runs = new(StringComparer.Ordinal);

        public Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string templatePath, JsonObject template, string workingDirectory)
        {
            if (!_runs.TryGetValue(templatePath, out var run))
            {
                run = StartAsync(templatePath, template, workingDirectory);
                _runs[templatePath] = run;
            }

            return run;
        }

        private static async Task<(int, string, string)> StartAsync(string templatePath, JsonObject template, string workingDirectory)
        {
            await CdkTools.EnsureInstalledAsync(CancellationToken.None);
            string[] arguments = ["validate", "--data", templatePath, "--output-format", "json", "--structured", "--show-summary", "none"];
            return await CdkTools.RunAsync(CdkTools.GuardBinary, [.. arguments, .. RuleArguments(template)], workingDirectory, TimeSpan.FromMinutes(4));
        }

        // Every Control Tower rule file that names a resource type the template has: a rule about a type that is not
        // there cannot find anything, and leaving the other ~290 files out makes a run about 8x faster.
        private static IEnumerable<string> RuleArguments(JsonObject template)
        {
            var types = template["Resources"]!.AsObject().Select(r => "\"" + (string)r.Value!["Type"]! + "\"").ToHashSet(StringComparer.Ordinal);
            var files = Directory.EnumerateFiles(CdkTools.ControlTowerRules, "*.guard", SearchOption.AllDirectories)
                .Where(f => File.ReadAllText(f) is var text && types.Any(t => text.Contains(t, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToList();
            Assert.NotEmpty(files);
            return files.SelectMany(f => new[] { "--rules", f });
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task Guard_WhenRunOnTheTemplate_ShouldFindNothingThatIsNotSuppressed(string stage)
    {
        var (findings, template) = await RunGuardAsync(stage);
        var unexcused = findings.Where(f => !Suppressions(template).Contains(f)).Select(f => $"{f.Rule} on {f.Resource}").ToList();
        Assert.Empty(unexcused);
    }

    [Fact]
    public async Task Suppressions_WhenGuardRuns_ShouldEachStillExcuseAFinding()
    {
        var (findings, template) = await RunGuardAsync("prod");
        var unused = Suppressions(template).Where(s => !findings.Contains(s)).Select(s => $"{s.Rule} on {s.Resource}").ToList();
        Assert.Empty(unused);
    }

    [Fact]
    public void Suppressions_WhenSynthesized_ShouldEachGiveAReason()
    {
        var withoutReason = SuppressionEntries(app.ProdJson).Where(e => string.IsNullOrWhiteSpace((string?)e.Entry["reason"])).Select(e => e.Resource).ToList();
        Assert.Empty(withoutReason);
    }

    private async Task<(HashSet<(string Rule, string Resource)> Findings, JsonObject Template)> RunGuardAsync(string stage)
    {
        var (path, template) = stage == "prod" ? (app.ProdTemplatePath, app.ProdJson) : (app.DevTemplatePath, app.DevJson);
        var (exit, stdout, stderr) = await runs.RunAsync(path, template, app.OutDir);
        // 0: compliant, 19: findings (reported in the output); anything else means cfn-guard itself failed.
        Assert.True(exit is 0 or 19, $"cfn-guard failed ({exit}): {stderr}");
        var findings = new HashSet<(string, string)>();
        foreach (var report in JsonNode.Parse(stdout)!.AsArray())
        {
            foreach (var rule in report!["not_compliant"]!.AsArray())
            {
                var name = (string)rule!["Rule"]!["name"]!;
                foreach (Match match in ResourcePath().Matches(rule.ToJsonString()))
                {
                    findings.Add((name, match.Groups[1].Value));
                }
            }
        }

        return (findings, template);
    }

    private static HashSet<(string Rule, string Resource)> Suppressions(JsonObject template) =>
        [.. SuppressionEntries(template).Select(e => ((string)e.Entry["id"]!, e.Resource))];

    private static IEnumerable<(string Resource, JsonObject Entry)> SuppressionEntries(JsonObject template) =>
        template["Resources"]!.AsObject()
            .Where(r => r.Value!["Metadata"]?[GuardSuppressions.MetadataKey]?[GuardSuppressions.ListKey] is JsonArray)
            .SelectMany(r => r.Value!["Metadata"]![GuardSuppressions.MetadataKey]![GuardSuppressions.ListKey]!.AsArray().Select(e => (r.Key, e!.AsObject())));

    [GeneratedRegex(@"/Resources/([A-Za-z0-9]+)")]
    private static partial Regex ResourcePath();
}
