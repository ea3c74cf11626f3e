using System.Globalization;
using System.Text.Json;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>Compares two JSON documents key by key (member order aside, numbers by value) and names each difference by its path.</summary>
public static class JsonDifferences
{
    /// <summary>Every path where <paramref name="ours"/> and <paramref name="theirs"/> differ; empty when they are equal.</summary>
    public static IReadOnlyList<string> Between(JsonElement ours, JsonElement theirs)
    {
        var differences = new List<string>();
        Compare("$", ours, theirs, differences);
        return differences;
    }

    private static void Compare(string path, JsonElement ours, JsonElement theirs, List<string> differences)
    {
        if (ours.ValueKind != theirs.ValueKind)
        {
            differences.Add($"{path}: ours {ours.GetRawText()}, official {theirs.GetRawText()}");
            return;
        }

        switch (ours.ValueKind)
        {
            case JsonValueKind.Object:
                var theirMembers = theirs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
                foreach (var member in ours.EnumerateObject())
                {
                    if (theirMembers.Remove(member.Name, out var other))
                    {
                        Compare($"{path}.{member.Name}", member.Value, other, differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{member.Name}: only ours sends it ({member.Value.GetRawText()})");
                    }
                }

                differences.AddRange(theirMembers.Select(m => $"{path}.{m.Key}: only the official SDK sends it ({m.Value.GetRawText()})"));
                break;
            case JsonValueKind.Array:
                var (a, b) = (ours.EnumerateArray().ToList(), theirs.EnumerateArray().ToList());
                if (a.Count != b.Count)
                {
                    differences.Add($"{path}: ours has {a.Count} elements, official {b.Count}");
                }

                for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
                {
                    Compare($"{path}[{i}]", a[i], b[i], differences);
                }

                break;
            case JsonValueKind.Number:
                if (decimal.Parse(ours.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) != decimal.Parse(theirs.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture))
                {
                    differences.Add($"{path}: ours {ours.GetRawText()}, official {theirs.GetRawText()}");
                }

                break;
            case JsonValueKind.String:
                // Decoded: System.Text.Json writes "<" as "\u003C", the JavaScript SDK as "<"; both mean the same string.
                if (ours.GetString() != theirs.GetString())
                {
                    differences.Add($"{path}: ours {ours.GetRawText()}, official {theirs.GetRawText()}");
                }

                break;
        }
    }
}
