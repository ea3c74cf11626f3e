using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>Recursive-descent parser for the JSONPath subset Step Functions accepts.</summary>
internal sealed class JsonPathParser(string text)
{
    private int pos;

    public JsonPath Parse()
    {
        if (!text.StartsWith('$'))
        {
            throw Error("a path must start with '$'");
        }

        pos = 1;
        var isContext = false;
        if (pos < text.Length && text[pos] == '$')
        {
            isContext = true;
            pos++;
        }

        var segments = ParseSegments(stopAtFilterEnd: false);
        if (pos != text.Length)
        {
            throw Error($"unexpected '{text[pos]}'");
        }

        return JsonPath.Create(text, isContext, segments);
    }

    private List<PathSegment> ParseSegments(bool stopAtFilterEnd)
    {
        var segments = new List<PathSegment>();
        while (pos < text.Length)
        {
            var c = text[pos];
            if (c == '.')
            {
                pos++;
                if (pos < text.Length && text[pos] == '.')
                {
                    pos++;
                    PathSegment inner = pos < text.Length && text[pos] == '[' ? ParseBracket() : ParseDotMember();
                    segments.Add(new DescendantSegment(inner));
                }
                else
                {
                    segments.Add(ParseDotMember());
                }
            }
            else if (c == '[')
            {
                segments.Add(ParseBracket());
            }
            else if (stopAtFilterEnd)
            {
                break;
            }
            else
            {
                throw Error($"unexpected '{c}'");
            }
        }

        return segments;
    }

    private PathSegment ParseDotMember()
    {
        if (pos < text.Length && text[pos] == '*')
        {
            pos++;
            return new WildcardSegment();
        }

        var start = pos;
        while (pos < text.Length && !IsNameTerminator(text[pos]))
        {
            pos++;
        }

        if (pos == start)
        {
            throw Error("expected a member name");
        }

        return new ChildSegment(text[start..pos]);
    }

    private static bool IsNameTerminator(char c) =>
        c is '.' or '[' or ']' or ' ' or '(' or ')' or '=' or '!' or '<' or '>' or '&' or '|' or ',' or '\'' or '"';

    private PathSegment ParseBracket()
    {
        pos++; // [
        SkipSpaces();
        PathSegment result;
        if (Peek('*'))
        {
            pos++;
            result = new WildcardSegment();
        }
        else if (Peek('?'))
        {
            pos++;
            SkipSpaces();
            Expect('(');
            var expression = ParseOr();
            SkipSpaces();
            Expect(')');
            result = new FilterSegment(expression);
        }
        else if (Peek('\'') || Peek('"'))
        {
            var names = new List<PathSegment> { new ChildSegment(ParseQuoted()) };
            SkipSpaces();
            while (Peek(','))
            {
                pos++;
                SkipSpaces();
                names.Add(new ChildSegment(ParseQuoted()));
                SkipSpaces();
            }

            result = names.Count == 1 ? names[0] : new UnionSegment(names);
        }
        else
        {
            result = ParseIndexOrSlice();
        }

        SkipSpaces();
        Expect(']');
        return result;
    }

    private PathSegment ParseIndexOrSlice()
    {
        var parts = new List<string> { ReadNumberText() };
        var isSlice = false;
        while (Peek(':'))
        {
            isSlice = true;
            pos++;
            parts.Add(ReadNumberText());
        }

        if (isSlice)
        {
            if (parts.Count > 3)
            {
                throw Error("a slice has at most three parts");
            }

            int? Part(int i) => i < parts.Count && parts[i].Length > 0 ? PathNumbers.ParseInt(parts[i], pos) : null;
            return new SliceSegment(Part(0), Part(1), Part(2));
        }

        if (parts[0].Length == 0)
        {
            throw Error("expected an index");
        }

        var indexes = new List<PathSegment> { new IndexSegment(PathNumbers.ParseInt(parts[0], pos)) };
        SkipSpaces();
        while (Peek(','))
        {
            pos++;
            SkipSpaces();
            indexes.Add(new IndexSegment(PathNumbers.ParseInt(ReadNumberText(), pos)));
            SkipSpaces();
        }

        return indexes.Count == 1 ? indexes[0] : new UnionSegment(indexes);
    }

    private string ReadNumberText()
    {
        SkipSpaces();
        var start = pos;
        if (Peek('-'))
        {
            pos++;
        }

        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        var result = text[start..pos];
        SkipSpaces();
        return result;
    }

    private string ParseQuoted()
    {
        var quote = text[pos++];
        var sb = new StringBuilder();
        while (pos < text.Length && text[pos] != quote)
        {
            if (text[pos] == '\\' && pos + 1 < text.Length)
            {
                pos++;
            }

            sb.Append(text[pos++]);
        }

        if (pos >= text.Length)
        {
            throw Error("unterminated quoted name");
        }

        pos++;
        return sb.ToString();
    }

    private FilterExpression ParseOr()
    {
        var left = ParseAnd();
        SkipSpaces();
        while (PeekString("||"))
        {
            pos += 2;
            left = new LogicalFilter(left, IsAnd: false, ParseAnd());
            SkipSpaces();
        }

        return left;
    }

    private FilterExpression ParseAnd()
    {
        var left = ParseUnary();
        SkipSpaces();
        while (PeekString("&&"))
        {
            pos += 2;
            left = new LogicalFilter(left, IsAnd: true, ParseUnary());
            SkipSpaces();
        }

        return left;
    }

    private FilterExpression ParseUnary()
    {
        SkipSpaces();
        if (Peek('!') && !PeekString("!="))
        {
            pos++;
            return new NotFilter(ParseUnary());
        }

        if (Peek('('))
        {
            pos++;
            var inner = ParseOr();
            SkipSpaces();
            Expect(')');
            return inner;
        }

        var left = ParseOperand();
        SkipSpaces();
        foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
        {
            if (PeekString(op))
            {
                pos += op.Length;
                SkipSpaces();
                return new ComparisonFilter(left, op, ParseOperand());
            }
        }

        return new ExistsFilter(left);
    }

    private FilterOperand ParseOperand()
    {
        SkipSpaces();
        if (Peek('@') || Peek('$'))
        {
            var relative = text[pos] == '@';
            var start = pos;
            pos++;
            var segments = ParseSegments(stopAtFilterEnd: true);
            return new FilterOperand(JsonPath.Create(text[start..pos], isContext: false, segments), relative, null);
        }

        if (Peek('\'') || Peek('"'))
        {
            return new FilterOperand(null, false, JsonValue.Create(ParseQuoted()));
        }

        foreach (var (word, value) in new (string, JsonNode?)[] { ("true", JsonValue.Create(true)), ("false", JsonValue.Create(false)), ("null", null) })
        {
            if (PeekString(word))
            {
                pos += word.Length;
                return new FilterOperand(null, false, value);
            }
        }

        var start2 = pos;
        while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] is '-' or '.' or 'e' or 'E' or '+'))
        {
            pos++;
        }

        if (start2 == pos || !double.TryParse(text[start2..pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw Error("expected a filter operand");
        }

        return new FilterOperand(null, false, JsonValue.Create(number));
    }

    private void SkipSpaces()
    {
        while (pos < text.Length && text[pos] == ' ')
        {
            pos++;
        }
    }

    private bool Peek(char c) => pos < text.Length && text[pos] == c;

    private bool PeekString(string s) => string.CompareOrdinal(text, pos, s, 0, s.Length) == 0;

    private void Expect(char c)
    {
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }

        pos++;
    }

    private FormatException Error(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Invalid JSONPath '{text}' at position {pos}: {message}."));
}
