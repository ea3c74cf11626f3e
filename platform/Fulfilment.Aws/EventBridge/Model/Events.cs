namespace Fulfilment.Aws.EventBridge.Model;

/// <summary>Request of <c>PutEvents</c> (at most 10 entries, 256 KB in total).</summary>
public sealed record PutEventsRequest
{
    public IReadOnlyList<PutEventsRequestEntry> Entries { get; init; } = [];
    public string? EndpointId { get; init; }
}

/// <summary>One event to put.</summary>
public sealed record PutEventsRequestEntry
{
    public DateTimeOffset? Time { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<string>? Resources { get; init; }
    public string? DetailType { get; init; }
    /// <summary>The event's <c>detail</c>, a JSON object as a string.</summary>
    public string? Detail { get; init; }
    public string? EventBusName { get; init; }
    public string? TraceHeader { get; init; }
}

/// <summary>Response of <c>PutEvents</c>: one result per entry, in order.</summary>
public sealed record PutEventsResponse
{
    public int FailedEntryCount { get; init; }
    public IReadOnlyList<PutEventsResultEntry> Entries { get; init; } = [];
}

/// <summary>The result of one entry: an <c>EventId</c>, or an <c>ErrorCode</c> and <c>ErrorMessage</c>.</summary>
public sealed record PutEventsResultEntry
{
    public string? EventId { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary>Request of <c>TestEventPattern</c>.</summary>
public sealed record TestEventPatternRequest
{
    public string EventPattern { get; init; } = "";
    public string Event { get; init; } = "";
}

/// <summary>Response of <c>TestEventPattern</c>.</summary>
public sealed record TestEventPatternResponse
{
    public bool Result { get; init; }
}

/// <summary>Request of <c>CreateEventBus</c>.</summary>
public sealed record CreateEventBusRequest
{
    public string Name { get; init; } = "";
    public string? Description { get; init; }
}

/// <summary>Response of <c>CreateEventBus</c>.</summary>
public sealed record CreateEventBusResponse
{
    public string EventBusArn { get; init; } = "";
}

/// <summary>Request of <c>DescribeEventBus</c> (no name: the default bus).</summary>
public sealed record DescribeEventBusRequest
{
    public string? Name { get; init; }
}

/// <summary>Response of <c>DescribeEventBus</c>.</summary>
public sealed record DescribeEventBusResponse
{
    public string Name { get; init; } = "";
    public string Arn { get; init; } = "";
    public string? Description { get; init; }
    public DateTimeOffset? CreationTime { get; init; }
}

/// <summary>Request of <c>DeleteEventBus</c>.</summary>
public sealed record DeleteEventBusRequest
{
    public string Name { get; init; } = "";
}

/// <summary>Request of <c>ListEventBuses</c>.</summary>
public sealed record ListEventBusesRequest
{
    public string? NamePrefix { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
}

/// <summary>One bus of <c>ListEventBuses</c>.</summary>
public sealed record EventBus
{
    public string Name { get; init; } = "";
    public string Arn { get; init; } = "";
    public string? Description { get; init; }
}

/// <summary>Response of <c>ListEventBuses</c>.</summary>
public sealed record ListEventBusesResponse
{
    public IReadOnlyList<EventBus> EventBuses { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>An empty response (<c>DeleteRule</c>, <c>EnableRule</c>, ...).</summary>
public sealed record EmptyResponse;
