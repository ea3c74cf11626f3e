using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Local.EventBridge.Patterns;

namespace Fulfilment.Local.EventBridge.State;

/// <summary>A bus and its rules, in memory.</summary>
internal sealed class BusState(string name, string? description, DateTimeOffset creationTime)
{
    public string Name { get; } = name;
    public string? Description { get; } = description;
    public DateTimeOffset CreationTime { get; } = creationTime;
    public Dictionary<string, RuleState> Rules { get; } = new(StringComparer.Ordinal);
}

/// <summary>A rule, its compiled pattern and its targets (insertion order kept).</summary>
internal sealed class RuleState(Rule rule, EventPattern? pattern)
{
    public Rule Rule { get; set; } = rule;
    public EventPattern? Pattern { get; set; } = pattern;
    public Dictionary<string, Target> Targets { get; } = new(StringComparer.Ordinal);
}

/// <summary>An archive: the bus it records, an optional filter, and the events.</summary>
internal sealed class ArchiveState(ArchiveSnapshot definition, EventPattern? pattern)
{
    public ArchiveSnapshot Definition { get; } = definition;
    public EventPattern? Pattern { get; } = pattern;
    public List<ArchivedEvent> Events { get; } = [];
}

/// <summary>Index-based pagination tokens for the List operations.</summary>
internal static class Paging
{
    public static (List<T> Page, string? NextToken) Page<T>(List<T> all, string? nextToken, int? limit)
    {
        var start = int.TryParse(nextToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        var size = limit is > 0 ? limit.Value : 100;
        var page = all.Skip(start).Take(size).ToList();
        var next = start + size < all.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return (page, next);
    }
}
