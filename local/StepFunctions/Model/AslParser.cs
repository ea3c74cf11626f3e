using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Tasks;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>Parses and validates an Amazon States Language definition (JSONPath query language).</summary>
public static class AslParser
{
    /// <summary>Parses <paramref name="definition"/>; throws <see cref="AslValidationException"/> listing every problem with its JSON pointer.</summary>
    public static StatesBlock Parse(string definition, Func<string, bool>? isKnownResource = null) =>
        Parse(definition, new ParseContext(isKnownResource, null, "us-east-1"));

    /// <summary>Parses and compiles a definition for an engine: each Task is bound to its integration in <paramref name="invokers"/>.</summary>
    internal static StatesBlock Parse(string definition, TaskInvokerRegistry invokers, string region) =>
        Parse(definition, new ParseContext(invokers.IsKnown, invokers, region));

    private static StatesBlock Parse(string definition, ParseContext context)
    {
        JsonNode? root;
        try
        {
            root = JsonValues.Parse(definition);
        }
        catch (JsonException e)
        {
            throw new AslValidationException([new AslError("", $"The definition is not valid JSON: {e.Message}")]);
        }

        if (root is not JsonObject obj)
        {
            throw new AslValidationException([new AslError("", "The definition must be a JSON object.")]);
        }

        if (obj.TryGetPropertyValue("QueryLanguage", out var ql) && !(JsonValues.TryGetString(ql, out var q) && q == "JSONPath"))
        {
            context.Errors.Add(new AslError("/QueryLanguage", "Only the JSONPath query language is supported by the local engine."));
        }

        var block = ParseBlock(obj, "", context, topLevel: true);
        if (context.Errors.Count > 0)
        {
            throw new AslValidationException(context.Errors);
        }

        return block!;
    }

    private static readonly HashSet<string> BlockFields = new(StringComparer.Ordinal) { "Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage", "ProcessorConfig" };

    private static StatesBlock? ParseBlock(JsonObject obj, string pointer, ParseContext ctx, bool topLevel)
    {
        foreach (var key in obj.Select(p => p.Key).Where(k => !BlockFields.Contains(k)))
        {
            ctx.Errors.Add(new AslError($"{pointer}/{JsonPointer.Escape(key)}", $"Field '{key}' is not supported here."));
        }

        var startAt = ctx.String(obj, "StartAt", pointer, required: true);
        int? timeout = topLevel ? ctx.PositiveInt(obj, "TimeoutSeconds", pointer) : null;
        if (!obj.TryGetPropertyValue("States", out var statesNode) || statesNode is not JsonObject states || states.Count == 0)
        {
            ctx.Errors.Add(new AslError($"{pointer}/States", "'States' must be a non-empty object."));
            return null;
        }

        var result = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, node) in states)
        {
            var statePointer = $"{pointer}/States/{JsonPointer.Escape(name)}";
            if (name.Length is 0 or > 80)
            {
                ctx.Errors.Add(new AslError(statePointer, "State names must be 1 to 80 characters long."));
            }

            if (node is not JsonObject stateObj)
            {
                ctx.Errors.Add(new AslError(statePointer, "A state must be a JSON object."));
                continue;
            }

            var state = StateParser.Parse(name, stateObj, statePointer, ctx);
            if (state is not null)
            {
                result[name] = state;
            }
        }

        if (startAt is not null && !states.ContainsKey(startAt))
        {
            ctx.Errors.Add(new AslError($"{pointer}/StartAt", $"StartAt '{startAt}' does not name a state."));
        }

        CheckTransitions(result, states, pointer, ctx);
        if (startAt is not null && states.ContainsKey(startAt))
        {
            CheckReachable(startAt, result, pointer, ctx);
        }

        return new StatesBlock(startAt ?? string.Empty, result, timeout);
    }

    private static void CheckTransitions(Dictionary<string, StateDefinition> states, JsonObject raw, string pointer, ParseContext ctx)
    {
        foreach (var state in states.Values)
        {
            var statePointer = $"{pointer}/States/{JsonPointer.Escape(state.Name)}";
            foreach (var (target, field) in Targets(state))
            {
                if (!raw.ContainsKey(target))
                {
                    ctx.Errors.Add(new AslError($"{statePointer}/{field}", $"Missing transition target: '{target}' is not a state in this scope."));
                }
            }
        }
    }

    private static IEnumerable<(string Target, string Field)> Targets(StateDefinition state)
    {
        if (state.Next is not null)
        {
            yield return (state.Next, "Next");
        }

        if (state is ResultStateDefinition r)
        {
            for (var i = 0; i < r.Catch.Count; i++)
            {
                yield return (r.Catch[i].Next, $"Catch/{i}/Next");
            }
        }

        if (state is ChoiceState c)
        {
            for (var i = 0; i < c.Choices.Count; i++)
            {
                if (c.Choices[i].Next is { } n)
                {
                    yield return (n, $"Choices/{i}/Next");
                }
            }

            if (c.Default is not null)
            {
                yield return (c.Default, "Default");
            }
        }
    }

    private static void CheckReachable(string startAt, Dictionary<string, StateDefinition> states, string pointer, ParseContext ctx)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { startAt };
        var queue = new Queue<string>([startAt]);
        while (queue.Count > 0)
        {
            if (!states.TryGetValue(queue.Dequeue(), out var state))
            {
                continue;
            }

            foreach (var (target, _) in Targets(state))
            {
                if (seen.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var name in states.Keys.Where(n => !seen.Contains(n)))
        {
            ctx.Errors.Add(new AslError($"{pointer}/States/{JsonPointer.Escape(name)}", $"State '{name}' is not reachable."));
        }
    }

    /// <summary>Parses a nested block (Parallel branch, Map ItemProcessor).</summary>
    internal static StatesBlock? ParseNested(JsonNode? node, string pointer, ParseContext ctx)
    {
        if (node is not JsonObject obj)
        {
            ctx.Errors.Add(new AslError(pointer, "Expected an object with StartAt and States."));
            return null;
        }

        return ParseBlock(obj, pointer, ctx, topLevel: false);
    }
}

/// <summary>Collected validation state while parsing, and what compiling a Task needs (its integration, the region of its events).</summary>
internal sealed class ParseContext(Func<string, bool>? isKnownResource, TaskInvokerRegistry? invokers, string region)
{
    public List<AslError> Errors { get; } = [];

    public Func<string, bool>? IsKnownResource { get; } = isKnownResource;

    public TaskInvokerRegistry? Invokers { get; } = invokers;

    public string Region { get; } = region;

    public string? String(JsonObject obj, string field, string pointer, bool required = false)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            if (required)
            {
                Errors.Add(new AslError($"{pointer}/{field}", $"Field '{field}' is required."));
            }

            return null;
        }

        if (JsonValues.TryGetString(node, out var s))
        {
            return s;
        }

        Errors.Add(new AslError($"{pointer}/{field}", $"Field '{field}' must be a string."));
        return null;
    }

    public int? PositiveInt(JsonObject obj, string field, string pointer, int min = 1)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            return null;
        }

        if (JsonValues.TryGetInteger(node, out var v) && v >= min && v <= 99_999_999)
        {
            return (int)v;
        }

        Errors.Add(new AslError($"{pointer}/{field}", string.Create(CultureInfo.InvariantCulture, $"Field '{field}' must be an integer of at least {min}.")));
        return null;
    }

    public JsonPath? Path(JsonObject obj, string field, string pointer, bool referenceOnly = false)
    {
        var text = String(obj, field, pointer);
        if (text is null)
        {
            return null;
        }

        try
        {
            var path = JsonPath.Parse(text);
            if (referenceOnly && !path.IsReferencePath)
            {
                Errors.Add(new AslError($"{pointer}/{field}", $"Field '{field}' must be a Reference Path (names and indexes only): '{text}'."));
            }

            return path;
        }
        catch (FormatException e)
        {
            Errors.Add(new AslError($"{pointer}/{field}", e.Message));
            return null;
        }
    }

    public OptionalPath OptionalPath(JsonObject obj, string field, string pointer, bool referenceOnly = false)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            return Model.OptionalPath.Default;
        }

        if (node is null)
        {
            return new OptionalPath(null, true);
        }

        var path = Path(obj, field, pointer, referenceOnly);
        return path is null ? Model.OptionalPath.Default : new OptionalPath(path, false);
    }
}

/// <summary>One validation problem: where (RFC 6901 pointer into the definition) and what.</summary>
public sealed record AslError(string Pointer, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message}";
}

/// <summary>The definition is not valid ASL; <see cref="Errors"/> lists every problem with its JSON pointer.</summary>
public sealed class AslValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AslValidationException(IReadOnlyList<AslError> errors)
        : base("Invalid State Machine Definition: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>Required by the analyzers.</summary>
    public AslValidationException()
        : this([])
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public AslValidationException(string message)
        : this([new AslError("", message)])
    {
    }

    /// <summary>Required by the analyzers.</summary>
    public AslValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new AslError("", message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<AslError> Errors { get; }
}
