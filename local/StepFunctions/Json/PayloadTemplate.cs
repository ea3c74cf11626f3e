using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>
/// A compiled payload template (<c>Parameters</c>, <c>ItemSelector</c>, <c>ResultSelector</c>): keys ending in <c>.$</c>
/// take their value from a path into the input, the context object (<c>$$.</c>) or an intrinsic function.
/// </summary>
public sealed class PayloadTemplate
{
    private readonly TemplateNode root;

    private PayloadTemplate(TemplateNode root) => this.root = root;

    /// <summary>Compiles <paramref name="template"/>; problems are added to <paramref name="errors"/> as (JSON pointer, message).</summary>
    public static PayloadTemplate Compile(JsonNode? template, string pointer, ICollection<(string Pointer, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new PayloadTemplate(CompileNode(template, pointer, errors));
    }

    /// <summary>Builds the payload for one state input.</summary>
    public JsonNode? Evaluate(JsonNode? input, JsonNode? context) => root.Evaluate(input, context);

    /// <summary>Compiles the value of a <c>.$</c> key (also used by Choice and other <c>...Path</c> fields).</summary>
    internal static TemplateNode CompileDynamic(string fieldName, string expression, string pointer, ICollection<(string Pointer, string Message)> errors)
    {
        try
        {
            if (IntrinsicParser.LooksLikeCall(expression))
            {
                return new IntrinsicTemplate(fieldName, new IntrinsicParser(expression).Parse());
            }

            return new PathTemplate(fieldName, JsonPath.Parse(expression));
        }
        catch (FormatException e)
        {
            errors.Add((pointer, e.Message));
            return new StaticTemplate(null);
        }
    }

    private static TemplateNode CompileNode(JsonNode? node, string pointer, ICollection<(string Pointer, string Message)> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                var members = new List<(string Key, TemplateNode Value)>(obj.Count);
                var dynamic = false;
                foreach (var (key, value) in obj)
                {
                    var childPointer = pointer + "/" + JsonPointer.Escape(key);
                    if (key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        dynamic = true;
                        if (!JsonValues.TryGetString(value, out var expression))
                        {
                            errors.Add((childPointer, $"The value of field '{key}' must be a JSONPath or an intrinsic function call (a string)."));
                            continue;
                        }

                        members.Add((key[..^2], CompileDynamic(key, expression, childPointer, errors)));
                    }
                    else
                    {
                        var compiled = CompileNode(value, childPointer, errors);
                        dynamic |= compiled is not StaticTemplate;
                        members.Add((key, compiled));
                    }
                }

                return dynamic ? new ObjectTemplate(members) : new StaticTemplate(obj.DeepClone());
            case JsonArray array:
                var items = array.Select((item, i) => CompileNode(item, pointer + "/" + i, errors)).ToList();
                return items.All(i => i is StaticTemplate) ? new StaticTemplate(array.DeepClone()) : new ArrayTemplate(items);
            default:
                return new StaticTemplate(JsonValues.Clone(node));
        }
    }

    internal abstract class TemplateNode
    {
        public abstract JsonNode? Evaluate(JsonNode? input, JsonNode? context);
    }

    private sealed class StaticTemplate(JsonNode? value) : TemplateNode
    {
        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context) => JsonValues.Clone(value);
    }

    private sealed class ObjectTemplate(List<(string Key, TemplateNode Value)> members) : TemplateNode
    {
        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context)
        {
            var result = new JsonObject();
            foreach (var (key, value) in members)
            {
                result[key] = value.Evaluate(input, context);
            }

            return result;
        }
    }

    private sealed class ArrayTemplate(List<TemplateNode> items) : TemplateNode
    {
        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context) =>
            new JsonArray(items.Select(i => i.Evaluate(input, context)).ToArray());
    }

    private sealed class PathTemplate(string fieldName, JsonPath path) : TemplateNode
    {
        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context)
        {
            var source = path.IsContext ? context : input;
            if (!path.TryEvaluate(source, out var value))
            {
                throw new StatesException(
                    StatesErrors.Runtime,
                    $"The JSONPath '{path.Text}' specified for the field '{fieldName}' could not be found in the input '{JsonValues.Serialize(source)}'");
            }

            return JsonValues.Clone(value);
        }
    }

    private sealed class IntrinsicTemplate(string fieldName, CallNode call) : TemplateNode
    {
        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context)
        {
            _ = fieldName;
            return Intrinsics.Evaluate(call, input, context);
        }
    }
}

/// <summary>RFC 6901 JSON pointer helpers for validation messages.</summary>
public static class JsonPointer
{
    /// <summary>Escapes one reference token.</summary>
    public static string Escape(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }
}
