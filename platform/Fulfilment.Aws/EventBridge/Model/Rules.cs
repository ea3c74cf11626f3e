namespace Fulfilment.Aws.EventBridge.Model;

/// <summary>Request of <c>PutRule</c> (creates or updates).</summary>
public sealed record PutRuleRequest
{
    public string Name { get; init; } = "";
    public string? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    /// <summary><c>ENABLED</c> (default) or <c>DISABLED</c>.</summary>
    public string? State { get; init; }
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public string? EventBusName { get; init; }
}

/// <summary>Response of <c>PutRule</c>.</summary>
public sealed record PutRuleResponse
{
    public string RuleArn { get; init; } = "";
}

/// <summary>Names a rule on a bus (<c>DescribeRule</c>, <c>DeleteRule</c>, <c>EnableRule</c>, <c>DisableRule</c>).</summary>
public sealed record RuleNameRequest
{
    public string Name { get; init; } = "";
    public string? EventBusName { get; init; }
    public bool? Force { get; init; }
}

/// <summary>A rule as <c>DescribeRule</c> and <c>ListRules</c> return it.</summary>
public sealed record Rule
{
    public string Name { get; init; } = "";
    public string Arn { get; init; } = "";
    public string? EventPattern { get; init; }
    public string? ScheduleExpression { get; init; }
    public string State { get; init; } = "ENABLED";
    public string? Description { get; init; }
    public string? RoleArn { get; init; }
    public string EventBusName { get; init; } = "default";
}

/// <summary>Request of <c>ListRules</c>.</summary>
public sealed record ListRulesRequest
{
    public string? NamePrefix { get; init; }
    public string? EventBusName { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
}

/// <summary>Response of <c>ListRules</c>.</summary>
public sealed record ListRulesResponse
{
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public string? NextToken { get; init; }
}
