using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>A validated state machine (or a Parallel branch / Map item processor): StartAt and its states.</summary>
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
    public IReadOnlyDictionary<string, StateDefinition> States { get; }

    /// <summary>The execution timeout (top level only).</summary>
    public int? TimeoutSeconds { get; }

    /// <summary>
    /// The size of the last completed run's history (events, payload bytes): the next run's recorder starts that large, so its
    /// arrays are not grown and copied while it runs. Benign races: any value is only a hint.
    /// </summary>
    internal (int Events, int Bytes) HistoryHint { get; set; } = (32, 1024);
}

/// <summary>A path field that may be absent (default <c>$</c>), explicitly <c>null</c>, or a path.</summary>
public sealed record OptionalPath(JsonPath? Path, bool IsNull)
{
    /// <summary>The default: the whole document.</summary>
    public static OptionalPath Default { get; } = new(null, false);

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
            : throw new Execution.StatesException(
                Execution.StatesErrors.Runtime,
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

/// <summary>Fields every state has.</summary>
public abstract class StateDefinition
{
    /// <summary>The state name.</summary>
    public required string Name { get; init; }

    /// <summary>The ASL Type.</summary>
    public abstract string Type { get; }

    /// <summary>The next state, or null for terminal states.</summary>
    public string? Next { get; init; }

    /// <summary>True when the state ends its block.</summary>
    public bool End { get; init; }

    /// <summary>InputPath.</summary>
    public OptionalPath InputPath { get; init; } = OptionalPath.Default;

    /// <summary>OutputPath.</summary>
    public OptionalPath OutputPath { get; init; } = OptionalPath.Default;

    /// <summary>True when the state's fields mention the context object (<c>$$</c>), so the engine builds it only then.</summary>
    public bool UsesContext { get; internal set; }

    /// <summary>The history event prefix, e.g. <c>Task</c> for <c>TaskStateEntered</c>.</summary>
    public string EventPrefix => Type;

    /// <summary>The engine's plan for running this state on bytes, computed on first use (a benign race: the same value).</summary>
    internal object? BytePlan { get; set; }

    /// <summary>The engine's shared history event heads for this state, made on first use (a benign race: equal values).</summary>
    internal object? EventHeads { get; set; }
}

/// <summary>States that produce a result: Parameters, ResultSelector, ResultPath, Retry, Catch.</summary>
public abstract class ResultStateDefinition : StateDefinition
{
    /// <summary>Parameters (or ItemSelector for Map).</summary>
    public PayloadTemplate? Parameters { get; init; }

    /// <summary>ResultSelector.</summary>
    public PayloadTemplate? ResultSelector { get; init; }

    /// <summary>ResultPath.</summary>
    public OptionalPath ResultPath { get; init; } = OptionalPath.Default;

    /// <summary>Retry rules in order.</summary>
    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    /// <summary>Catch rules in order.</summary>
    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

/// <summary>Pass.</summary>
public sealed class PassState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Pass";

    /// <summary>The fixed Result, when given.</summary>
    public JsonNode? Result { get; init; }

    /// <summary>True when Result is present (it may be JSON null).</summary>
    public bool HasResult { get; init; }
}

/// <summary>Task.</summary>
public sealed class TaskState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Task";

    /// <summary>The resource ARN (placeholders already substituted).</summary>
    public required string Resource { get; init; }

    /// <summary>TimeoutSeconds (default 99999999 as in AWS; null here means none).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>TimeoutSecondsPath.</summary>
    public JsonPath? TimeoutSecondsPath { get; init; }

    /// <summary>HeartbeatSeconds.</summary>
    public int? HeartbeatSeconds { get; init; }

    /// <summary>HeartbeatSecondsPath.</summary>
    public JsonPath? HeartbeatSecondsPath { get; init; }
}

/// <summary>Choice.</summary>
public sealed class ChoiceState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Choice";

    /// <summary>The rules in order.</summary>
    public required IReadOnlyList<ChoiceRule> Choices { get; init; }

    /// <summary>Default, when no rule matches.</summary>
    public string? Default { get; init; }
}

/// <summary>Wait.</summary>
public sealed class WaitState : StateDefinition
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
public sealed class SucceedState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Succeed";
}

/// <summary>Fail.</summary>
public sealed class FailState : StateDefinition
{
    /// <inheritdoc />
    public override string Type => "Fail";

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
public sealed class ParallelState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Parallel";

    /// <summary>The branches.</summary>
    public required IReadOnlyList<StatesBlock> Branches { get; init; }
}

/// <summary>Map (inline).</summary>
public sealed class MapState : ResultStateDefinition
{
    /// <inheritdoc />
    public override string Type => "Map";

    /// <summary>ItemProcessor (or the legacy Iterator).</summary>
    public required StatesBlock ItemProcessor { get; init; }

    /// <summary>ItemsPath (default <c>$</c>).</summary>
    public JsonPath? ItemsPath { get; init; }

    /// <summary>MaxConcurrency (0 = unlimited).</summary>
    public int MaxConcurrency { get; init; }

    /// <summary>MaxConcurrencyPath.</summary>
    public JsonPath? MaxConcurrencyPath { get; init; }
}
