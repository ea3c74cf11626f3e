using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Execution.Flow;
using Fulfilment.Local.StepFunctions.Execution.States;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>A validated state machine (or a Parallel branch / Map item processor): StartAt and its compiled states.</summary>
public sealed class StatesBlock
{
    internal StatesBlock(string startAt, IReadOnlyDictionary<string, StateDefinition> states, int? timeoutSeconds)
    {
        StartAt = startAt;
        States = states;
        TimeoutSeconds = timeoutSeconds;
    }

    /// <summary>The first state.</summary>
    public string StartAt { get; }

    /// <summary>The states by name.</summary>
    internal IReadOnlyDictionary<string, StateDefinition> States { get; }

    /// <summary>The execution timeout (top level only).</summary>
    internal int? TimeoutSeconds { get; }
}

/// <summary>A path field that may be absent (default <c>$</c>), explicitly <c>null</c>, or a path.</summary>
public sealed record OptionalPath(JsonPath? Path, bool IsNull)
{
    /// <summary>The default: the whole document.</summary>
    public static OptionalPath Default { get; } = new(null, false);

    /// <summary>True when the field was not given: the whole document.</summary>
    public bool IsDefault => Path is null && !IsNull;

    /// <summary>Applies InputPath/OutputPath semantics: null gives <c>{}</c>, default gives the input itself.</summary>
    internal JsonNode? Select(JsonNode? input, string field)
    {
        if (IsNull)
        {
            return new JsonObject();
        }

        if (Path is null)
        {
            return input;
        }

        return Path.TryEvaluate(input, out var value)
            ? value
            : throw new StatesException(
                StatesErrors.Runtime,
                $"Invalid path '{Path.Text}' : The {field} '{Path.Text}' could not be found in the input '{JsonValues.Serialize(input)}'");
    }
}

/// <summary>One Retry rule.</summary>
public sealed record Retrier(
    IReadOnlyList<string> ErrorEquals,
    double IntervalSeconds,
    int MaxAttempts,
    double BackoffRate,
    int? MaxDelaySeconds,
    string JitterStrategy);

/// <summary>One Catch rule.</summary>
public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next, OptionalPath ResultPath);

/// <summary>
/// A state as the parser compiles it: what every state has (name, transition, the data flow of its query language, its
/// history event heads). A field of a state type is read by the parser (StateParser), kept in its record here, and used
/// by its runner (Execution/States).
/// </summary>
internal abstract record StateDefinition
{
    /// <summary>The state name.</summary>
    public required string Name { get; init; }

    /// <summary>The ASL Type (also the prefix of its history events, e.g. <c>Task</c> for <c>TaskStateEntered</c>).</summary>
    public abstract string Type { get; }

    /// <summary>The next state, or null for terminal states.</summary>
    public string? Next { get; init; }

    /// <summary>True when the state ends its block.</summary>
    public bool End { get; init; }

    /// <summary>Input and output processing (InputPath, Parameters, ResultSelector, ResultPath, OutputPath).</summary>
    public required DataFlow Flow { get; init; }

    /// <summary>True when the state's fields mention the context object (<c>$$</c>), so the engine builds it only then.</summary>
    public bool UsesContext { get; init; }

    /// <summary>The state's entered/exited history event heads, shared by every run.</summary>
    public required EventHeads Heads { get; init; }

    /// <summary>True for Pass, Choice, Succeed and Fail: no effects and no waits, so they run synchronously and group-commit.</summary>
    public virtual bool IsPure => false;
}

/// <summary>States with Retry and Catch: Task, Parallel, Map.</summary>
internal abstract record ResultStateDefinition : StateDefinition
{
    /// <summary>Retry rules in order.</summary>
    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    /// <summary>Catch rules in order.</summary>
    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

/// <summary>Pass.</summary>
internal sealed record PassState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Pass";

    /// <inheritdoc />
    public override bool IsPure => true;

    /// <summary>The fixed Result (which may be JSON null), or null when the state has none.</summary>
    public JsonConstant? Result { get; init; }
}

/// <summary>Task.</summary>
internal sealed record TaskState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Task";

    /// <summary>The resource: its integration and event names (placeholders already substituted).</summary>
    public required TaskTarget Target { get; init; }

    /// <summary>TimeoutSeconds (null: none).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>TimeoutSecondsPath.</summary>
    public JsonPath? TimeoutSecondsPath { get; init; }

    /// <summary>HeartbeatSeconds.</summary>
    public int? HeartbeatSeconds { get; init; }

    /// <summary>HeartbeatSecondsPath.</summary>
    public JsonPath? HeartbeatSecondsPath { get; init; }
}

/// <summary>Choice.</summary>
internal sealed record ChoiceState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Choice";

    /// <inheritdoc />
    public override bool IsPure => true;

    /// <summary>The rules in order.</summary>
    public required IReadOnlyList<ChoiceRule> Choices { get; init; }

    /// <summary>Default, when no rule matches.</summary>
    public string? Default { get; init; }
}

/// <summary>Wait.</summary>
internal sealed record WaitState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Wait";

    /// <summary>Seconds.</summary>
    public long? Seconds { get; init; }

    /// <summary>Timestamp.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>SecondsPath.</summary>
    public JsonPath? SecondsPath { get; init; }

    /// <summary>TimestampPath.</summary>
    public JsonPath? TimestampPath { get; init; }
}

/// <summary>Succeed.</summary>
internal sealed record SucceedState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Succeed";

    /// <inheritdoc />
    public override bool IsPure => true;
}

/// <summary>Fail.</summary>
internal sealed record FailState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Fail";

    /// <inheritdoc />
    public override bool IsPure => true;

    /// <summary>Error.</summary>
    public string? Error { get; init; }

    /// <summary>Cause.</summary>
    public string? Cause { get; init; }

    /// <summary>ErrorPath (a path or an intrinsic).</summary>
    public PayloadTemplate? ErrorPath { get; init; }

    /// <summary>CausePath (a path or an intrinsic).</summary>
    public PayloadTemplate? CausePath { get; init; }
}

/// <summary>Parallel.</summary>
internal sealed record ParallelState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Parallel";

    /// <summary>The branches.</summary>
    public required IReadOnlyList<StatesBlock> Branches { get; init; }
}

/// <summary>Map (inline).</summary>
internal sealed record MapState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Map";

    /// <summary>ItemProcessor (or the legacy Iterator).</summary>
    public required StatesBlock ItemProcessor { get; init; }

    /// <summary>ItemsPath (default <c>$</c>).</summary>
    public JsonPath? ItemsPath { get; init; }

    /// <summary>ItemSelector (or the legacy Parameters): each iteration's input, evaluated per item.</summary>
    public PayloadTemplate? ItemSelector { get; init; }

    /// <summary>MaxConcurrency (0 = unlimited).</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>MaxConcurrencyPath.</summary>
    public JsonPath? MaxConcurrencyPath { get; init; }
}
