using System.Text.Json.Serialization;
using Fulfilment.Aws.EventBridge.Model;

namespace Fulfilment.Local.EventBridge.State;

/// <summary>What the local bus persists: buses with their rules and targets, and archives with their events.</summary>
internal sealed record EventBridgeSnapshot
{
    public List<BusSnapshot> Buses { get; init; } = [];
    public List<ArchiveSnapshot> Archives { get; init; } = [];
}

/// <summary>A persisted bus.</summary>
internal sealed record BusSnapshot
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public DateTimeOffset CreationTime { get; init; }
    public List<RuleSnapshot> Rules { get; init; } = [];
}

/// <summary>A persisted rule with its targets in order.</summary>
internal sealed record RuleSnapshot
{
    public Rule Rule { get; init; } = new();
    public List<Target> Targets { get; init; } = [];
}

/// <summary>A persisted archive.</summary>
internal sealed record ArchiveSnapshot
{
    public string ArchiveName { get; init; } = "";
    public string EventSourceArn { get; init; } = "";
    public string? EventPattern { get; init; }
    public string? Description { get; init; }
    public int? RetentionDays { get; init; }
    public DateTimeOffset CreationTime { get; init; }
    public List<ArchivedEvent> Events { get; init; } = [];
}

/// <summary>One archived event: when it was put, and the full event JSON.</summary>
internal sealed record ArchivedEvent(DateTimeOffset Time, string Event);
