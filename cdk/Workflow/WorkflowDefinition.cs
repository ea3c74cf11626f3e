using System.Text.RegularExpressions;

namespace Fulfilment.Cdk.Workflow;

/// <summary>
/// The ASL text of <c>workflows/order-fulfilment.asl.json</c> and its <c>${Name}</c> placeholders. Read as a string
/// (not <c>DefinitionBody.FromFile</c>, which uploads it to S3) so that the states stay visible in the template.
/// </summary>
public sealed partial record WorkflowDefinition(string Text)
{
    /// <summary>Reads the definition file.</summary>
    public static WorkflowDefinition Load(string path) => new(File.ReadAllText(path));

    /// <summary>Every distinct placeholder name the definition uses, sorted.</summary>
    public IReadOnlyList<string> Placeholders() =>
        [.. PlaceholderPattern().Matches(Text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
