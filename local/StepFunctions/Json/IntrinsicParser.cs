using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>An argument or expression of an intrinsic function call.</summary>
internal abstract record IntrinsicNode;

/// <summary>A quoted string literal, kept raw so <c>States.Format</c> can tell <c>\{</c> from <c>{</c>.</summary>
internal sealed record StringLiteralNode(string Raw) : IntrinsicNode
{
    public string Value
    {
        get
        {
            var sb = new StringBuilder(Raw.Length);
            for (var i = 0; i < Raw.Length; i++)
            {
                if (Raw[i] == '\\' && i + 1 < Raw.Length)
                {
                    i++;
                }

                sb.Append(Raw[i]);
            }

            return sb.ToString();
        }
    }
}

/// <summary>A number, boolean or null literal.</summary>
internal sealed record LiteralNode(JsonNode? Value) : IntrinsicNode;

/// <summary>A JSONPath argument (<c>$.x</c> or <c>$$.x</c>).</summary>
internal sealed record PathNode(JsonPath Path) : IntrinsicNode;

/// <summary>A nested call such as <c>States.Array(1, 2)</c>.</summary>
internal sealed record CallNode(string Name, IReadOnlyList<IntrinsicNode> Arguments) : IntrinsicNode;

/// <summary>Parses <c>States.Xxx(...)</c> expressions.</summary>
internal sealed class IntrinsicParser(string text)
{
    private int pos;

    public static bool LooksLikeCall(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public CallNode Parse()
    {
        var call = ParseCall();
        SkipSpaces();
        if (pos != text.Length)
        {
            throw Error("unexpected text after the call");
        }

        return call;
    }

    private CallNode ParseCall()
    {
        SkipSpaces();
        var start = pos;
        while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '.'))
        {
            pos++;
        }

        var name = text[start..pos];
        if (!Intrinsics.IsKnown(name))
        {
            throw Error($"unknown intrinsic function '{name}'");
        }

        SkipSpaces();
        Expect('(');
        var args = new List<IntrinsicNode>();
        SkipSpaces();
        if (Peek(')'))
        {
            pos++;
            return new CallNode(name, args);
        }

        while (true)
        {
            args.Add(ParseArgument());
            SkipSpaces();
            if (Peek(','))
            {
                pos++;
                continue;
            }

            Expect(')');
            return new CallNode(name, args);
        }
    }

    private IntrinsicNode ParseArgument()
    {
        SkipSpaces();
        if (Peek('\''))
        {
            pos++;
            var start = pos;
            while (pos < text.Length && text[pos] != '\'')
            {
                pos += text[pos] == '\\' ? 2 : 1;
            }

            if (pos >= text.Length)
            {
                throw Error("unterminated string literal");
            }

            var raw = text[start..pos];
            pos++;
            return new StringLiteralNode(raw);
        }

        if (Peek('$'))
        {
            var start = pos;
            var depth = 0;
            while (pos < text.Length)
            {
                var c = text[pos];
                if (c is '[' or '(')
                {
                    depth++;
                }
                else if (c is ']' or ')')
                {
                    if (depth == 0)
                    {
                        break;
                    }

                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    break;
                }
                else if (c == '\'' && depth > 0)
                {
                    pos++;
                    while (pos < text.Length && text[pos] != '\'')
                    {
                        pos++;
                    }
                }

                pos++;
            }

            var pathText = text[start..pos].TrimEnd();
            return new PathNode(JsonPath.Parse(pathText));
        }

        if (IntrinsicParser.LooksLikeCall(text[pos..]))
        {
            return ParseCall();
        }

        var litStart = pos;
        while (pos < text.Length && text[pos] is not (',' or ')' or ' '))
        {
            pos++;
        }

        var literal = text[litStart..pos];
        return literal switch
        {
            "true" => new LiteralNode(JsonValue.Create(true)),
            "false" => new LiteralNode(JsonValue.Create(false)),
            "null" => new LiteralNode(null),
            _ when double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new LiteralNode(JsonValues.Number(d)),
            _ => throw Error($"unexpected argument '{literal}'"),
        };
    }

    private void SkipSpaces()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }
    }

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private void Expect(char c)
    {
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }

        pos++;
    }

    private FormatException Error(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Invalid intrinsic function call '{text}' at position {pos}: {message}."));
}
