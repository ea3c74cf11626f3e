namespace Fulfilment.Aws.EventBridge.Model;

/// <summary>Request of <c>CreateArchive</c>.</summary>
public sealed record CreateArchiveRequest
{
    public string ArchiveName { get; init; } = "";
    /// <summary>The ARN of the bus whose events are archived.</summary>
    public string EventSourceArn { get; init; } = "";
    public string? Description { get; init; }
    public string? EventPattern { get; init; }
    public int? RetentionDays { get; init; }
}

/// <summary>Response of <c>CreateArchive</c>.</summary>
public sealed record CreateArchiveResponse
{
    public string ArchiveArn { get; init; } = "";
    public string State { get; init; } = "ENABLED";
    public DateTimeOffset CreationTime { get; init; }
}

/// <summary>Request of <c>DescribeArchive</c>.</summary>
public sealed record DescribeArchiveRequest
{
    public string ArchiveName { get; init; } = "";
}

/// <summary>Response of <c>DescribeArchive</c>.</summary>
public sealed record DescribeArchiveResponse
{
    public string ArchiveName { get; init; } = "";
    public string ArchiveArn { get; init; } = "";
    public string EventSourceArn { get; init; } = "";
    public string? EventPattern { get; init; }
    public string State { get; init; } = "ENABLED";
    public long EventCount { get; init; }
    public DateTimeOffset CreationTime { get; init; }
}

/// <summary>Request of <c>StartReplay</c>.</summary>
public sealed record StartReplayRequest
{
    public string ReplayName { get; init; } = "";
    /// <summary>The ARN of the archive to replay from.</summary>
    public string EventSourceArn { get; init; } = "";
    public DateTimeOffset EventStartTime { get; init; }
    public DateTimeOffset EventEndTime { get; init; }
    public ReplayDestination Destination { get; init; } = new();
    public string? Description { get; init; }
}

/// <summary>The bus to replay into and, optionally, the only rules that see the replay.</summary>
public sealed record ReplayDestination
{
    public string Arn { get; init; } = "";
    public IReadOnlyList<string>? FilterArns { get; init; }
}

/// <summary>Response of <c>StartReplay</c>.</summary>
public sealed record StartReplayResponse
{
    public string ReplayArn { get; init; } = "";
    public string State { get; init; } = "STARTING";
    public DateTimeOffset ReplayStartTime { get; init; }
}

/// <summary>Request of <c>DescribeReplay</c>.</summary>
public sealed record DescribeReplayRequest
{
    public string ReplayName { get; init; } = "";
}

/// <summary>Response of <c>DescribeReplay</c>.</summary>
public sealed record DescribeReplayResponse
{
    public string ReplayName { get; init; } = "";
    public string ReplayArn { get; init; } = "";
    /// <summary><c>STARTING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>.</summary>
    public string State { get; init; } = "";
    public string EventSourceArn { get; init; } = "";
    public ReplayDestination? Destination { get; init; }
    public DateTimeOffset? ReplayStartTime { get; init; }
    public DateTimeOffset? ReplayEndTime { get; init; }
}
