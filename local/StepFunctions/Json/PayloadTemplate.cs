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

    private PayloadTemplate(TemplateNode root)
    {
        this.root = root;
        ByteParts = CompileBytes(root);
    }

    /// <summary>Compiles <paramref name="template"/>; problems are added to <paramref name="errors"/> as (JSON pointer, message).</summary>
    public static PayloadTemplate Compile(JsonNode? template, string pointer, ICollection<(string Pointer, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new PayloadTemplate(CompileNode(template, pointer, errors));
    }

    /// <summary>Builds the payload for one state input.</summary>
    public JsonNode? Evaluate(JsonNode? input, JsonNode? context) => root.Evaluate(input, context);

    /// <summary>
    /// The template as byte parts when it is an object of constants and top-level input paths (<c>"key.$": "$.name"</c>):
    /// its output can then be spliced from the input's bytes (see <see cref="Execution.Flow.ByteSplice"/>). Null for
    /// anything else: nested dynamic values, intrinsics, the context object, deeper paths.
    /// </summary>
    internal IReadOnlyList<TemplatePart>? ByteParts { get; }

    private static List<TemplatePart>? CompileBytes(TemplateNode node)
    {
        if (node is not ObjectTemplate obj)
        {
            return null;
        }

        var parts = new List<TemplatePart>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj.Members)
        {
            if (!keys.Add(key))
            {
                return null;
            }

            var prefix = System.Text.Encoding.UTF8.GetBytes((parts.Count == 0 ? "{" : ",") + JsonValues.Serialize(JsonValue.Create(key)) + ":");
            switch (value)
            {
                case StaticTemplate constant:
                    parts.Add(new TemplatePart(prefix, System.Text.Encoding.UTF8.GetBytes(JsonValues.Serialize(constant.Value)), null));
                    break;
                case PathTemplate { Path: { IsContext: false, Segments: [ChildSegment child] } }:
                    parts.Add(new TemplatePart(prefix, null, System.Text.Encoding.UTF8.GetBytes(child.Name)));
                    break;
                default:
                    return null;
            }
        }

        return parts.Count == 0 ? null : parts;
    }

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
        public JsonNode? Value => value;

        public override JsonNode? Evaluate(JsonNode? input, JsonNode? context) => JsonValues.Clone(value);
    }

    private sealed class ObjectTemplate(List<(string Key, TemplateNode Value)> members) : TemplateNode
    {
        public List<(string Key, TemplateNode Value)> Members => members;

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
        public JsonPath Path => path;

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

/// <summary>
/// One member of a byte template: <see cref="Prefix"/> (<c>{"key":</c> or <c>,"key":</c>), then either the serialized
/// <see cref="Constant"/> or the value of the input's top-level member <see cref="Member"/> (unescaped UTF-8).
/// </summary>
internal sealed record TemplatePart(byte[] Prefix, byte[]? Constant, byte[]? Member);

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
