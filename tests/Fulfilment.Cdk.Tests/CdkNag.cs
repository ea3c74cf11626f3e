using System.Text.Json.Nodes;

namespace Fulfilment.Cdk.Tests;

/// <summary>One cdk-nag finding: the rule (with its <c>[...]</c> detail), the pack, the resource's logical id, severity and text.</summary>
public sealed record NagFinding(string Pack, string Rule, string Resource, string Severity, string Description)
{
    public override string ToString() => $"{Rule} ({Severity}) on {Resource}: {Description}";
}

/// <summary>Runs tools/aws-checkers/nag.mjs (cdk-nag over CfnInclude) on a template: about two seconds a run.</summary>
public static class CdkNag
{
    public static async Task<IReadOnlyList<NagFinding>> RunAsync(string templatePath)
    {
        var report = JsonNode.Parse(await CdkTools.RunCheckerAsync("nag.mjs", [templatePath]))!.AsObject();
        return [.. report[templatePath]!.AsArray().Select(f => new NagFinding(
            (string)f!["pack"]!, (string)f["rule"]!, (string)f["resource"]!, (string)f["severity"]!, (string)f["description"]!))];
    }
}
