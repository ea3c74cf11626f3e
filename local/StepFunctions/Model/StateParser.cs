using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Execution.Flow;
using Fulfilment.Local.StepFunctions.Execution.States;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>Parses one state object into its typed definition, recording problems with JSON pointers.</summary>
internal static class StateParser
{
    private static readonly Dictionary<string, string[]> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result"],
        ["Task"] = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"],
        ["Choice"] = ["Type", "Comment", "InputPath", "OutputPath", "Choices", "Default"],
        ["Wait"] = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        ["Succeed"] = ["Type", "Comment", "InputPath", "OutputPath"],
        ["Fail"] = ["Type", "Comment", "Error", "Cause", "ErrorPath", "CausePath"],
        ["Parallel"] = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "Branches"],
        ["Map"] = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Parameters", "ItemSelector", "ResultSelector", "ResultPath", "Retry", "Catch", "Iterator", "ItemProcessor", "ItemsPath", "MaxConcurrency", "MaxConcurrencyPath", "Label"],
    };

    private static readonly string[] WaitFields = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

    public static StateDefinition? Parse(string name, JsonObject obj, string pointer, ParseContext ctx)
    {
        var type = ctx.String(obj, "Type", pointer, required: true);
        if (type is null)
        {
            return null;
        }

        if (!AllowedFields.TryGetValue(type, out var allowed))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Type", $"Unknown state type '{type}'."));
            return null;
        }

        foreach (var key in obj.Select(p => p.Key).Where(k => !allowed.Contains(k)))
        {
            ctx.Errors.Add(new AslError($"{pointer}/{JsonPointer.Escape(key)}", $"Field '{key}' is not supported by {type} states."));
        }

        var next = ctx.String(obj, "Next", pointer);
        var end = obj.TryGetPropertyValue("End", out var endNode) && JsonValues.TryGetBoolean(endNode, out var e) && e;
        if (endNode is not null && !JsonValues.TryGetBoolean(endNode, out _))
        {
            ctx.Errors.Add(new AslError($"{pointer}/End", "Field 'End' must be a boolean."));
        }

        if (type is not ("Choice" or "Succeed" or "Fail") && next is null == !end)
        {
            ctx.Errors.Add(new AslError(pointer, $"State '{name}' must have exactly one of 'Next' or 'End: true'."));
        }

        // Branches and item processors are separate scopes: only this state's own fields count.
        var own = new JsonObject(obj.Where(p => p.Key is not ("Branches" or "ItemProcessor" or "Iterator")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var common = new Common(name, type, next, end, own.ToJsonString().Contains("$$", StringComparison.Ordinal));
        return Create(common, obj, pointer, ctx);
    }

    /// <summary>What every state type reads the same way.</summary>
    private sealed record Common(string Name, string Type, string? Next, bool End, bool UsesContext)
    {
        public EventHeads Heads { get; } = new(Type, Name);
    }

    private static StateDefinition? Create(Common c, JsonObject obj, string pointer, ParseContext ctx) => c.Type switch
    {
        "Pass" => new PassState
        {
            Name = c.Name, Next = c.Next, End = c.End, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = Flow(obj, pointer, ctx, parameters: "Parameters", resultSelector: false, resultPath: true),
            Result = obj.TryGetPropertyValue("Result", out var result) ? new JsonConstant(result) : null,
        },
        "Task" => ParseTask(c, obj, pointer, ctx),
        "Choice" => ParseChoice(c, obj, pointer, ctx),
        "Wait" => ParseWait(c, obj, pointer, ctx),
        "Succeed" => new SucceedState { Name = c.Name, UsesContext = c.UsesContext, Heads = c.Heads, Flow = Flow(obj, pointer, ctx, null, false, false) },
        "Fail" => new FailState
        {
            Name = c.Name, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = JsonPathFlow.Identity,
            Error = ctx.String(obj, "Error", pointer),
            Cause = ctx.String(obj, "Cause", pointer),
            ErrorPath = DynamicField(obj, "ErrorPath", pointer, ctx),
            CausePath = DynamicField(obj, "CausePath", pointer, ctx),
        },
        "Parallel" => ParseParallel(c, obj, pointer, ctx),
        "Map" => ParseMap(c, obj, pointer, ctx),
        _ => null,
    };

    /// <summary>The JSONPath data flow of a state from the fields its type allows.</summary>
    private static JsonPathFlow Flow(JsonObject obj, string pointer, ParseContext ctx, string? parameters, bool resultSelector, bool resultPath) => new(
        ctx.OptionalPath(obj, "InputPath", pointer),
        parameters is null ? null : Template(obj, parameters, pointer, ctx),
        resultSelector ? Template(obj, "ResultSelector", pointer, ctx) : null,
        resultPath ? ctx.OptionalPath(obj, "ResultPath", pointer, referenceOnly: true) : OptionalPath.Default,
        ctx.OptionalPath(obj, "OutputPath", pointer));

    private static PayloadTemplate? Template(JsonObject obj, string field, string pointer, ParseContext ctx)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            return null;
        }

        var errors = new List<(string Pointer, string Message)>();
        var template = PayloadTemplate.Compile(node, $"{pointer}/{field}", errors);
        ctx.Errors.AddRange(errors.Select(er => new AslError(er.Pointer, er.Message)));
        return template;
    }

    private static PayloadTemplate? DynamicField(JsonObject obj, string field, string pointer, ParseContext ctx)
    {
        var text = ctx.String(obj, field, pointer);
        if (text is null)
        {
            return null;
        }

        var template = new JsonObject { ["v.$"] = text };
        var errors = new List<(string Pointer, string Message)>();
        var compiled = PayloadTemplate.Compile(template, $"{pointer}/{field}", errors);
        ctx.Errors.AddRange(errors.Select(er => new AslError($"{pointer}/{field}", er.Message)));
        return compiled;
    }

    private static TaskState ParseTask(Common c, JsonObject obj, string pointer, ParseContext ctx)
    {
        var resource = ctx.String(obj, "Resource", pointer, required: true) ?? string.Empty;
        if (resource.Length > 0 && ctx.IsKnownResource is { } known && !known(resource))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Resource", $"Unsupported resource '{resource}': no local task integration handles it."));
        }

        var timeout = ctx.PositiveInt(obj, "TimeoutSeconds", pointer);
        var heartbeat = ctx.PositiveInt(obj, "HeartbeatSeconds", pointer);
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
        {
            ctx.Errors.Add(new AslError($"{pointer}/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds."));
        }

        return new TaskState
        {
            Name = c.Name, Next = c.Next, End = c.End, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = Flow(obj, pointer, ctx, parameters: "Parameters", resultSelector: true, resultPath: true),
            Target = new TaskTarget(resource, ctx.Region, ctx.Invokers, timeout, heartbeat),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
            TimeoutSeconds = timeout,
            TimeoutSecondsPath = ctx.Path(obj, "TimeoutSecondsPath", pointer, referenceOnly: true),
            HeartbeatSeconds = heartbeat,
            HeartbeatSecondsPath = ctx.Path(obj, "HeartbeatSecondsPath", pointer, referenceOnly: true),
        };
    }

    private static ChoiceState ParseChoice(Common c, JsonObject obj, string pointer, ParseContext ctx)
    {
        var rules = new List<ChoiceRule>();
        if (!obj.TryGetPropertyValue("Choices", out var choices) || choices is not JsonArray array || array.Count == 0)
        {
            ctx.Errors.Add(new AslError($"{pointer}/Choices", "'Choices' must be a non-empty array."));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (ChoiceRuleParser.Parse(array[i], $"{pointer}/Choices/{i}", ctx, topLevel: true) is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }

        return new ChoiceState
        {
            Name = c.Name, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = Flow(obj, pointer, ctx, null, false, false),
            Choices = rules,
            Default = ctx.String(obj, "Default", pointer),
        };
    }

    private static WaitState ParseWait(Common c, JsonObject obj, string pointer, ParseContext ctx)
    {
        if (WaitFields.Count(obj.ContainsKey) != 1)
        {
            ctx.Errors.Add(new AslError(pointer, "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath."));
        }

        DateTimeOffset? timestamp = null;
        if (ctx.String(obj, "Timestamp", pointer) is { } ts)
        {
            if (ComparisonRule.TryParseTimestamp(ts, out var parsed))
            {
                timestamp = parsed;
            }
            else
            {
                ctx.Errors.Add(new AslError($"{pointer}/Timestamp", $"'{ts}' is not an RFC 3339 timestamp."));
            }
        }

        return new WaitState
        {
            Name = c.Name, Next = c.Next, End = c.End, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = Flow(obj, pointer, ctx, null, false, false),
            Seconds = ctx.PositiveInt(obj, "Seconds", pointer, min: 0),
            Timestamp = timestamp,
            SecondsPath = ctx.Path(obj, "SecondsPath", pointer, referenceOnly: true),
            TimestampPath = ctx.Path(obj, "TimestampPath", pointer, referenceOnly: true),
        };
    }

    private static ParallelState ParseParallel(Common c, JsonObject obj, string pointer, ParseContext ctx)
    {
        var branches = new List<StatesBlock>();
        if (!obj.TryGetPropertyValue("Branches", out var node) || node is not JsonArray array || array.Count == 0)
        {
            ctx.Errors.Add(new AslError($"{pointer}/Branches", "'Branches' must be a non-empty array."));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (AslParser.ParseNested(array[i], $"{pointer}/Branches/{i}", ctx) is { } block)
                {
                    branches.Add(block);
                }
            }
        }

        return new ParallelState
        {
            Name = c.Name, Next = c.Next, End = c.End, UsesContext = c.UsesContext, Heads = c.Heads, Branches = branches,
            Flow = Flow(obj, pointer, ctx, parameters: "Parameters", resultSelector: true, resultPath: true),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
        };
    }

    private static MapState ParseMap(Common c, JsonObject obj, string pointer, ParseContext ctx)
    {
        var processorField = obj.ContainsKey("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (obj.ContainsKey("ItemProcessor") && obj.ContainsKey("Iterator"))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Iterator", "Use either ItemProcessor or Iterator, not both."));
        }

        if (obj.ContainsKey("ItemSelector") && obj.ContainsKey("Parameters"))
        {
            ctx.Errors.Add(new AslError($"{pointer}/Parameters", "Use either ItemSelector or Parameters, not both."));
        }

        if (obj[processorField] is JsonObject processor && processor["ProcessorConfig"] is JsonObject config &&
            JsonValues.TryGetString(config["Mode"], out var mode) && mode != "INLINE")
        {
            ctx.Errors.Add(new AslError($"{pointer}/{processorField}/ProcessorConfig/Mode", "Only INLINE Map states are supported by the local engine."));
        }

        var block = AslParser.ParseNested(obj[processorField], $"{pointer}/{processorField}", ctx);
        return new MapState
        {
            Name = c.Name, Next = c.Next, End = c.End, UsesContext = c.UsesContext, Heads = c.Heads,
            Flow = Flow(obj, pointer, ctx, parameters: null, resultSelector: true, resultPath: true),
            ItemProcessor = block ?? new StatesBlock(string.Empty, new Dictionary<string, StateDefinition>(), null),
            ItemsPath = ctx.Path(obj, "ItemsPath", pointer, referenceOnly: true),
            ItemSelector = Template(obj, obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters", pointer, ctx),
            MaxConcurrency = ctx.PositiveInt(obj, "MaxConcurrency", pointer, min: 0) ?? 0,
            MaxConcurrencyPath = ctx.Path(obj, "MaxConcurrencyPath", pointer, referenceOnly: true),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
        };
    }
}
