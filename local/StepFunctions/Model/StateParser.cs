using System.Text.Json.Nodes;
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

        if (type is not ("Choice" or "Succeed" or "Fail"))
        {
            if (next is null == !end)
            {
                ctx.Errors.Add(new AslError(pointer, $"State '{name}' must have exactly one of 'Next' or 'End: true'."));
            }
        }

        var input = ctx.OptionalPath(obj, "InputPath", pointer);
        var output = ctx.OptionalPath(obj, "OutputPath", pointer);
        var state = Create(name, type, obj, pointer, ctx, next, end, input, output);
        if (state is not null)
        {
            // Branches and item processors are separate scopes: only this state's own fields count.
            var own = new JsonObject(obj.Where(p => p.Key is not ("Branches" or "ItemProcessor" or "Iterator")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            state.UsesContext = own.ToJsonString().Contains("$$", StringComparison.Ordinal);
        }

        return state;
    }

    private static StateDefinition? Create(string name, string type, JsonObject obj, string pointer, ParseContext ctx, string? next, bool end, OptionalPath input, OptionalPath output)
    {
        return type switch
        {
            "Pass" => new PassState
            {
                Name = name, Next = next, End = end, InputPath = input, OutputPath = output,
                Parameters = Template(obj, "Parameters", pointer, ctx),
                ResultPath = ctx.OptionalPath(obj, "ResultPath", pointer, referenceOnly: true),
                HasResult = obj.TryGetPropertyValue("Result", out var result),
                Result = JsonValues.Clone(result),
            },
            "Task" => ParseTask(name, obj, pointer, ctx, next, end, input, output),
            "Choice" => ParseChoice(name, obj, pointer, ctx, input, output),
            "Wait" => ParseWait(name, obj, pointer, ctx, next, end, input, output),
            "Succeed" => new SucceedState { Name = name, InputPath = input, OutputPath = output },
            "Fail" => new FailState
            {
                Name = name,
                Error = ctx.String(obj, "Error", pointer),
                Cause = ctx.String(obj, "Cause", pointer),
                ErrorPath = DynamicField(obj, "ErrorPath", pointer, ctx),
                CausePath = DynamicField(obj, "CausePath", pointer, ctx),
            },
            "Parallel" => ParseParallel(name, obj, pointer, ctx, next, end, input, output),
            "Map" => ParseMap(name, obj, pointer, ctx, next, end, input, output),
            _ => null,
        };
    }

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

    private static TaskState ParseTask(string name, JsonObject obj, string pointer, ParseContext ctx, string? next, bool end, OptionalPath input, OptionalPath output)
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
            Name = name, Next = next, End = end, InputPath = input, OutputPath = output,
            Resource = resource,
            Parameters = Template(obj, "Parameters", pointer, ctx),
            ResultSelector = Template(obj, "ResultSelector", pointer, ctx),
            ResultPath = ctx.OptionalPath(obj, "ResultPath", pointer, referenceOnly: true),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
            TimeoutSeconds = timeout,
            TimeoutSecondsPath = ctx.Path(obj, "TimeoutSecondsPath", pointer, referenceOnly: true),
            HeartbeatSeconds = heartbeat,
            HeartbeatSecondsPath = ctx.Path(obj, "HeartbeatSecondsPath", pointer, referenceOnly: true),
        };
    }

    private static ChoiceState ParseChoice(string name, JsonObject obj, string pointer, ParseContext ctx, OptionalPath input, OptionalPath output)
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
                var rule = ChoiceRuleParser.Parse(array[i], $"{pointer}/Choices/{i}", ctx, topLevel: true);
                if (rule is not null)
                {
                    rules.Add(rule);
                }
            }
        }

        return new ChoiceState { Name = name, InputPath = input, OutputPath = output, Choices = rules, Default = ctx.String(obj, "Default", pointer) };
    }

    private static WaitState ParseWait(string name, JsonObject obj, string pointer, ParseContext ctx, string? next, bool end, OptionalPath input, OptionalPath output)
    {
        var count = WaitFields.Count(obj.ContainsKey);
        if (count != 1)
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
            Name = name, Next = next, End = end, InputPath = input, OutputPath = output,
            Seconds = ctx.PositiveInt(obj, "Seconds", pointer, min: 0),
            Timestamp = timestamp,
            SecondsPath = ctx.Path(obj, "SecondsPath", pointer, referenceOnly: true),
            TimestampPath = ctx.Path(obj, "TimestampPath", pointer, referenceOnly: true),
        };
    }

    private static ParallelState ParseParallel(string name, JsonObject obj, string pointer, ParseContext ctx, string? next, bool end, OptionalPath input, OptionalPath output)
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
            Name = name, Next = next, End = end, InputPath = input, OutputPath = output, Branches = branches,
            Parameters = Template(obj, "Parameters", pointer, ctx),
            ResultSelector = Template(obj, "ResultSelector", pointer, ctx),
            ResultPath = ctx.OptionalPath(obj, "ResultPath", pointer, referenceOnly: true),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
        };
    }

    private static MapState ParseMap(string name, JsonObject obj, string pointer, ParseContext ctx, string? next, bool end, OptionalPath input, OptionalPath output)
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
            Name = name, Next = next, End = end, InputPath = input, OutputPath = output,
            ItemProcessor = block ?? new StatesBlock(string.Empty, new Dictionary<string, StateDefinition>(), null),
            ItemsPath = ctx.Path(obj, "ItemsPath", pointer, referenceOnly: true),
            MaxConcurrency = ctx.PositiveInt(obj, "MaxConcurrency", pointer, min: 0) ?? 0,
            MaxConcurrencyPath = ctx.Path(obj, "MaxConcurrencyPath", pointer, referenceOnly: true),
            Parameters = Template(obj, obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters", pointer, ctx),
            ResultSelector = Template(obj, "ResultSelector", pointer, ctx),
            ResultPath = ctx.OptionalPath(obj, "ResultPath", pointer, referenceOnly: true),
            Retry = RetryCatchParser.ParseRetry(obj, pointer, ctx),
            Catch = RetryCatchParser.ParseCatch(obj, pointer, ctx),
        };
    }
}
