using System.Text.RegularExpressions;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>Replaces <c>${Name}</c> placeholders the way CloudFormation's <c>DefinitionSubstitutions</c> does.</summary>
public static partial class DefinitionSubstitutions
{
    /// <summary>Substitutes every placeholder; an unknown placeholder is an error naming it, so a typo fails at startup.</summary>
    public static string Apply(string definition, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(values);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var result = Placeholder().Replace(definition, m =>
        {
            var name = m.Groups[1].Value;
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }

            missing.Add(name);
            return m.Value;
        });
        return missing.Count == 0
            ? result
            : throw new ArgumentException($"No value for placeholder(s) {string.Join(", ", missing.Select(n => "${" + n + "}"))}.", nameof(values));
    }

    /// <summary>The placeholder names a definition uses.</summary>
    public static IReadOnlySet<string> Names(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Placeholder().Matches(definition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Placeholder();
}
