using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>The JSONPath intrinsic functions (<c>States.Format</c>, <c>States.Array</c>, ...), evaluated as the ASL specification and the AWS guide define them.</summary>
internal static class Intrinsics
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
        "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
        "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
        "States.MathAdd", "States.StringSplit", "States.UUID",
    };

    public static bool IsKnown(string name) => Known.Contains(name);

    public static JsonNode? Evaluate(CallNode call, JsonNode? input, JsonNode? context)
    {
        if (call.Name == "States.Format")
        {
            return Format(call, input, context);
        }

        var args = call.Arguments.Select(a => Argument(a, input, context)).ToList();
        return call.Name switch
        {
            "States.StringToJson" => StringToJson(Arity(call, args, 1)),
            "States.JsonToString" => JsonValue.Create(JsonValues.Serialize(Arity(call, args, 1)[0])),
            "States.Array" => new JsonArray(args.Select(JsonValues.Clone).ToArray()),
            "States.ArrayPartition" => ArrayPartition(Arity(call, args, 2)),
            "States.ArrayContains" => JsonValue.Create(ArrayOf(call, Arity(call, args, 2)[0]).Any(x => JsonValues.DeepEquals(x, args[1]))),
            "States.ArrayRange" => ArrayRange(Arity(call, args, 3)),
            "States.ArrayGetItem" => ArrayGetItem(call, Arity(call, args, 2)),
            "States.ArrayLength" => JsonValue.Create(ArrayOf(call, Arity(call, args, 1)[0]).Count),
            "States.ArrayUnique" => ArrayUnique(call, Arity(call, args, 1)),
            "States.Base64Encode" => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(StringArg(call, Arity(call, args, 1)[0], 10_000)))),
            "States.Base64Decode" => Base64Decode(call, Arity(call, args, 1)),
            "States.Hash" => Hash(call, Arity(call, args, 2)),
            "States.JsonMerge" => JsonMerge(call, Arity(call, args, 3)),
            "States.MathRandom" => MathRandom(call, args),
            "States.MathAdd" => MathAdd(call, Arity(call, args, 2)),
            "States.StringSplit" => StringSplit(call, Arity(call, args, 2)),
            "States.UUID" => JsonValue.Create(Arity(call, args, 0).Count == 0 ? Guid.NewGuid().ToString() : string.Empty),
            _ => throw Failure($"Unknown intrinsic function {call.Name}"),
        };
    }

    private static JsonNode? Argument(IntrinsicNode node, JsonNode? input, JsonNode? context) => node switch
    {
        StringLiteralNode s => JsonValue.Create(s.Value),
        LiteralNode l => JsonValues.Clone(l.Value),
        PathNode p => p.Path.TryEvaluate(p.Path.IsContext ? context : input, out var value)
            ? JsonValues.Clone(value)
            : throw new StatesException(StatesErrors.Runtime, $"The JsonPath argument for the field '{p.Path.Text}' could not be found in the input '{JsonValues.Serialize(input)}'"),
        CallNode c => Evaluate(c, input, context),
        _ => null,
    };

    private static JsonValue Format(CallNode call, JsonNode? input, JsonNode? context)
    {
        if (call.Arguments.Count == 0)
        {
            throw Failure("States.Format needs a template");
        }

        var template = call.Arguments[0] switch
        {
            StringLiteralNode s => s.Raw,
            var other => EscapeBraces(StringArg(call, Argument(other, input, context))),
        };
        var values = call.Arguments.Skip(1).Select(a => Argument(a, input, context)).ToList();
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length)
            {
                sb.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= values.Count)
                {
                    throw Failure("Number of arguments in States.Format do not match the occurrences of {}");
                }

                var value = values[next++];
                sb.Append(JsonValues.TryGetString(value, out var str) ? str : JsonValues.Serialize(value));
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (next != values.Count)
        {
            throw Failure("Number of arguments in States.Format do not match the occurrences of {}");
        }

        return JsonValue.Create(sb.ToString());
    }

    private static string EscapeBraces(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static JsonNode? StringToJson(List<JsonNode?> args)
    {
        var text = StringArg(null, args[0]);
        try
        {
            return JsonValues.Parse(text);
        }
        catch (JsonException e)
        {
            throw Failure($"States.StringToJson could not parse '{text}': {e.Message}");
        }
    }

    private static JsonArray ArrayPartition(List<JsonNode?> args)
    {
        var array = ArrayOf(null, args[0]);
        if (!JsonValues.TryGetInteger(args[1], out var size) || size <= 0)
        {
            throw Failure("States.ArrayPartition needs a positive integer chunk size");
        }

        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            if (chunk is null || chunk.Count == size)
            {
                chunk = [];
                result.Add((JsonNode)chunk);
            }

            chunk.Add(JsonValues.Clone(item));
        }

        return result;
    }

    private static JsonArray ArrayRange(List<JsonNode?> args)
    {
        if (!JsonValues.TryGetInteger(args[0], out var start) || !JsonValues.TryGetInteger(args[1], out var end) ||
            !JsonValues.TryGetInteger(args[2], out var step) || step == 0)
        {
            throw Failure("States.ArrayRange needs integer start, end and a non-zero step");
        }

        var result = new JsonArray();
        for (var i = start; step > 0 ? i <= end : i >= end; i += step)
        {
            if (result.Count == 1000)
            {
                throw Failure("States.ArrayRange may produce at most 1000 elements");
            }

            result.Add((JsonNode)JsonValue.Create(i));
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(CallNode call, List<JsonNode?> args)
    {
        var array = ArrayOf(call, args[0]);
        if (!JsonValues.TryGetInteger(args[1], out var index) || index < 0 || index >= array.Count)
        {
            throw Failure($"States.ArrayGetItem index {JsonValues.Serialize(args[1])} is out of bounds");
        }

        return JsonValues.Clone(array[(int)index]);
    }

    private static JsonArray ArrayUnique(CallNode call, List<JsonNode?> args)
    {
        var result = new JsonArray();
        foreach (var item in ArrayOf(call, args[0]))
        {
            if (!result.Any(x => JsonValues.DeepEquals(x, item)))
            {
                result.Add(JsonValues.Clone(item));
            }
        }

        return result;
    }

    private static JsonValue Base64Decode(CallNode call, List<JsonNode?> args)
    {
        var text = StringArg(call, args[0], 10_000);
        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Failure($"States.Base64Decode: '{text}' is not valid base64");
        }
    }

    private static JsonValue Hash(CallNode call, List<JsonNode?> args)
    {
        var data = JsonValues.TryGetString(args[0], out var s) ? s : JsonValues.Serialize(args[0]);
        if (data.Length > 10_000)
        {
            throw Failure("States.Hash input may be at most 10000 characters");
        }

        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are part of the intrinsic's contract, not used for security here.
        var hash = StringArg(call, args[1]) switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
#pragma warning restore CA5350, CA5351
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            var other => throw Failure($"States.Hash: unsupported algorithm '{other}' (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonObject JsonMerge(CallNode call, List<JsonNode?> args)
    {
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw Failure("States.JsonMerge merges two JSON objects");
        }

        if (!JsonValues.TryGetBoolean(args[2], out var deep) || deep)
        {
            throw Failure($"{call.Name}: only shallow merging (false) is supported");
        }

        var result = (JsonObject)left.DeepClone();
        foreach (var property in right)
        {
            result[property.Key] = JsonValues.Clone(property.Value);
        }

        return result;
    }

    private static JsonValue MathRandom(CallNode call, List<JsonNode?> args)
    {
        if (args.Count is < 2 or > 3 || !JsonValues.TryGetInteger(args[0], out var start) || !JsonValues.TryGetInteger(args[1], out var end) || end <= start)
        {
            throw Failure($"{call.Name} needs integer start < end (and an optional seed)");
        }

        var value = args.Count == 3 && JsonValues.TryGetInteger(args[2], out var seed)
#pragma warning disable CA5394 // A seeded Random is the documented behaviour of the optional seed; not security relevant.
            ? new Random((int)seed).NextInt64(start, end)
#pragma warning restore CA5394
            : RandomNumberGenerator.GetInt32((int)start, (int)end);
        return JsonValue.Create(value);
    }

    private static JsonNode MathAdd(CallNode call, List<JsonNode?> args)
    {
        if (!JsonValues.TryGetNumber(args[0], out var a) || !JsonValues.TryGetNumber(args[1], out var b))
        {
            throw Failure($"{call.Name} adds two numbers");
        }

        return JsonValues.Number(a + b);
    }

    private static JsonArray StringSplit(CallNode call, List<JsonNode?> args)
    {
        var text = StringArg(call, args[0]);
        var separators = StringArg(call, args[1]).ToCharArray();
        var parts = separators.Length == 0 ? [text] : text.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        return new JsonArray(parts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
    }

    private static List<JsonNode?> Arity(CallNode call, List<JsonNode?> args, int count) =>
        args.Count == count
            ? args
            : throw Failure(string.Create(CultureInfo.InvariantCulture, $"{call.Name} takes {count} argument(s), got {args.Count}"));

    private static JsonArray ArrayOf(CallNode? call, JsonNode? node) =>
        node as JsonArray ?? throw Failure($"{call?.Name ?? "The function"} expects an array, got {JsonValues.Serialize(node)}");

    private static string StringArg(CallNode? call, JsonNode? node, int maxLength = int.MaxValue)
    {
        if (!JsonValues.TryGetString(node, out var s))
        {
            throw Failure($"{call?.Name ?? "The function"} expects a string, got {JsonValues.Serialize(node)}");
        }

        return s.Length <= maxLength
            ? s
            : throw Failure(string.Create(CultureInfo.InvariantCulture, $"{call?.Name} input may be at most {maxLength} characters"));
    }

    private static StatesException Failure(string cause) => new(StatesErrors.IntrinsicFailure, cause);
}
