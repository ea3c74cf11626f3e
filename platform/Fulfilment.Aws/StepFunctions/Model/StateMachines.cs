namespace Fulfilment.Aws.StepFunctions.Model;

/// <summary>Request of <c>CreateStateMachine</c>.</summary>
public sealed record CreateStateMachineRequest
{
    public string Name { get; init; } = "";
    public string Definition { get; init; } = "";
    public string RoleArn { get; init; } = "";
    /// <summary><c>STANDARD</c> (default) or <c>EXPRESS</c>.</summary>
    public string? Type { get; init; }
    public bool? Publish { get; init; }
}

/// <summary>Response of <c>CreateStateMachine</c>.</summary>
public sealed record CreateStateMachineResponse
{
    public string StateMachineArn { get; init; } = "";
    public DateTimeOffset CreationDate { get; init; }
    public string? StateMachineVersionArn { get; init; }
}

/// <summary>Request of <c>UpdateStateMachine</c>.</summary>
public sealed record UpdateStateMachineRequest
{
    public string StateMachineArn { get; init; } = "";
    public string? Definition { get; init; }
    public string? RoleArn { get; init; }
}

/// <summary>Response of <c>UpdateStateMachine</c>.</summary>
public sealed record UpdateStateMachineResponse
{
    public DateTimeOffset UpdateDate { get; init; }
    public string? RevisionId { get; init; }
}

/// <summary>Request of <c>DescribeStateMachine</c>.</summary>
public sealed record DescribeStateMachineRequest
{
    public string StateMachineArn { get; init; } = "";
}

/// <summary>Response of <c>DescribeStateMachine</c>.</summary>
public sealed record DescribeStateMachineResponse
{
    public string StateMachineArn { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Status { get; init; }
    public string Definition { get; init; } = "";
    public string RoleArn { get; init; } = "";
    public string Type { get; init; } = "STANDARD";
    public DateTimeOffset CreationDate { get; init; }
    public string? RevisionId { get; init; }
}

/// <summary>Request of <c>ListStateMachines</c>.</summary>
public sealed record ListStateMachinesRequest
{
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>One entry of <c>ListStateMachines</c>.</summary>
public sealed record StateMachineListItem
{
    public string StateMachineArn { get; init; } = "";
    public string Name { get; init; } = "";
    public string Type { get; init; } = "STANDARD";
    public DateTimeOffset CreationDate { get; init; }
}

/// <summary>Response of <c>ListStateMachines</c>.</summary>
public sealed record ListStateMachinesResponse
{
    public IReadOnlyList<StateMachineListItem> StateMachines { get; init; } = [];
    public string? NextToken { get; init; }
}

/// <summary>Request of <c>DeleteStateMachine</c>.</summary>
public sealed record DeleteStateMachineRequest
{
    public string StateMachineArn { get; init; } = "";
}

/// <summary>Response of <c>DeleteStateMachine</c> (empty).</summary>
public sealed record DeleteStateMachineResponse;
