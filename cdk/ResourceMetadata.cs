using Amazon.CDK;
using Constructs;

namespace Fulfilment.Cdk;

/// <summary>
/// Reads and extends the <c>Metadata</c> of a construct's CloudFormation resource, where the checkers' suppressions
/// (<see cref="GuardSuppressions"/>, <see cref="LintSuppressions"/>, <see cref="NagSuppressions"/>) live next to the
/// resource they excuse.
/// </summary>
internal static class ResourceMetadata
{
    /// <summary>The CloudFormation resource of <paramref name="construct"/> (itself, or its default child).</summary>
    public static CfnResource ResourceOf(IConstruct construct)
    {
        ArgumentNullException.ThrowIfNull(construct);
        return construct as CfnResource ?? construct.Node.DefaultChild as CfnResource
            ?? throw new ArgumentException($"'{construct.Node.Path}' has no CloudFormation resource to carry a suppression.", nameof(construct));
    }

    /// <summary>The object under <paramref name="key"/>, or an empty one.</summary>
    public static Dictionary<string, object> Section(CfnResource resource, string key) =>
        resource.GetMetadata(key) is IDictionary<string, object> existing
            ? new Dictionary<string, object>(existing, StringComparer.Ordinal)
            : new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>The list under <paramref name="key"/> of <paramref name="section"/> with <paramref name="item"/> appended.</summary>
    public static object[] Append(IDictionary<string, object> section, string key, object item) =>
        [.. section.TryGetValue(key, out var value) && value is object[] items ? items : [], item];
}
