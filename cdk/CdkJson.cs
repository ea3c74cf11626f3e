using System.Text.Json.Nodes;
using Fulfilment.Cdk.Api;

namespace Fulfilment.Cdk;

/// <summary>
/// The context block of <c>cdk/cdk.json</c> (stage default and feature flags). The CDK CLI reads it and passes it to
/// the app itself; a synth without the CLI (<c>dotnet run</c>, the tests) reads it here, so every way of
/// synthesizing gives the template the checks were run on.
/// </summary>
public static class CdkJson
{
    /// <summary>The variables through which the CDK CLI hands the app its context.</summary>
    private static readonly string[] CliContextVariables = ["CDK_CONTEXT_JSON", "CDK_CONTEXT_OVERFLOW_LOCATION"];

    /// <summary>Every context value of <c>cdk/cdk.json</c> in <paramref name="repository"/>, as plain values.</summary>
    public static Dictionary<string, object> Context(RepositoryLayout repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var path = Path.Combine(repository.Root, "cdk", "cdk.json");
        var file = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidOperationException($"{path} is not a JSON object.");
        var context = file["context"] as JsonObject ?? throw new InvalidOperationException($"{path} has no \"context\" object.");
        var values = context.ToDictionary(p => p.Key, p => Draft04Schema.ToPlainObject(p.Value), StringComparer.Ordinal);
        // The CLI turns the top-level "versionReporting" into this context key; without it the app adds AWS::CDK::Metadata.
        if (file["versionReporting"] is JsonValue reporting && reporting.TryGetValue<bool>(out var enabled))
        {
            values["aws:cdk:version-reporting"] = enabled;
        }

        return values;
    }

    /// <summary>cdk.json's context when the app runs without the CLI; null when the CLI already passed it.</summary>
    public static Dictionary<string, object>? ContextUnlessRunByTheCli(RepositoryLayout repository) =>
        CliContextVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))) ? null : Context(repository);
}
