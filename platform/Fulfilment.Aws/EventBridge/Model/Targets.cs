namespace Fulfilment.Aws.EventBridge.Model;

/// <summary>A rule's target: SQS queue ARN, Step Functions state machine ARN, or (locally) an HTTP URL or <c>file://</c> JSONL log.</summary>
public sealed record Target
{
    public string Id { get; init; } = "";
    public string Arn { get; init; } = "";
    public string? RoleArn { get; init; }
    public string? Input { get; init; }
    public string? InputPath { get; init; }
    public InputTransformer? InputTransformer { get; init; }
    public SqsParameters? SqsParameters { get; init; }
    public DeadLetterConfig? DeadLetterConfig { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
}

/// <summary>Builds the target input from JSONPaths into the event and a template.</summary>
public sealed record InputTransformer
{
    public IReadOnlyDictionary<string, string>? InputPathsMap { get; init; }
    public string InputTemplate { get; init; } = "";
}

/// <summary>SQS FIFO parameters of a target.</summary>
public sealed record SqsParameters
{
    public string? MessageGroupId { get; init; }
}

/// <summary>Where events go that could not be delivered (an SQS queue ARN).</summary>
public sealed record DeadLetterConfig
{
    public string? Arn { get; init; }
}

/// <summary>How long and how often delivery to a target is retried.</summary>
public sealed record RetryPolicy
{
    public int? MaximumRetryAttempts { get; init; }
    public int? MaximumEventAgeInSeconds { get; init; }
}

/// <summary>Request of <c>PutTargets</c>.</summary>
public sealed record PutTargetsRequest
{
    public string Rule { get; init; } = "";
    public string? EventBusName { get; init; }
    public IReadOnlyList<Target> Targets { get; init; } = [];
}

/// <summary>Response of <c>PutTargets</c> and <c>RemoveTargets</c>.</summary>
public sealed record TargetsResponse
{
    public int FailedEntryCount { get; init; }
    public IReadOnlyList<FailedTargetEntry> FailedEntries { get; init; } = [];
}

/// <summary>A target that could not be put or removed.</summary>
public sealed record FailedTargetEntry
{
    public string? TargetId { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary>Request of <c>RemoveTargets</c>.</summary>
public sealed record RemoveTargetsRequest
{
    public string Rule { get; init; } = "";
    public string? EventBusName { get; init; }
    public IReadOnlyList<string> Ids { get; init; } = [];
    public bool? Force { get; init; }
}

/// <summary>Request of <c>ListTargetsByRule</c>.</summary>
public sealed record ListTargetsByRuleRequest
{
    public string Rule { get; init; } = "";
    public string? EventBusName { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
}

/// <summary>Response of <c>ListTargetsByRule</c>.</summary>
public sealed record ListTargetsByRuleResponse
{
    public IReadOnlyList<Target> Targets { get; init; } = [];
    public string? NextToken { get; init; }
}
