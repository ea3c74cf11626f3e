using System.Text.Json;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>
/// Byte-level operations on compact UTF-8 JSON for the fast paths of the data flow (<c>Execution/Flow/ByteSplice</c>):
/// they let a state build its output from its input's text without a node tree. Each answers false whenever the result
/// could differ from what the node pipeline (parse, modify, <see cref="JsonValues.Serialize"/>) writes; the caller then
/// takes that pipeline.
/// </summary>
internal static class Utf8Json
{
    /// <summary>
    /// True when <paramref name="json"/> is one valid JSON value exactly as <see cref="JsonValues.Serialize"/> would write it
    /// back: no whitespace between tokens and no escape sequences (which the serializer could write differently).
    /// </summary>
    public static bool IsCanonical(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            long end = 0;
            var previous = JsonTokenType.None;
            while (reader.Read())
            {
                var token = reader.TokenType;
                var first = previous is JsonTokenType.None or JsonTokenType.StartObject or JsonTokenType.StartArray;
                var gap = reader.TokenStartIndex - end;

                // After a property name the separator is ':'; between members or items it is ','; nothing else.
                var expected = first || token is JsonTokenType.EndObject or JsonTokenType.EndArray ? 0 : 1;
                if (gap != expected || reader.ValueIsEscaped || token is JsonTokenType.Comment)
                {
                    return false;
                }

                end = token switch
                {
                    JsonTokenType.String or JsonTokenType.PropertyName => reader.TokenStartIndex + reader.ValueSpan.Length + 2,
                    JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.EndObject or JsonTokenType.EndArray => reader.TokenStartIndex + 1,
                    _ => reader.TokenStartIndex + reader.ValueSpan.Length,
                };
                previous = token;
            }

            return end == json.Length;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly System.Buffers.SearchValues<byte> Structure = System.Buffers.SearchValues.Create("\"{}[]"u8);
    private static readonly System.Buffers.SearchValues<byte> StringEnd = System.Buffers.SearchValues.Create("\"\\"u8);
    private static readonly System.Buffers.SearchValues<byte> ScalarEnd = System.Buffers.SearchValues.Create(",}]"u8);

    /// <summary>The value range of member <paramref name="name"/> in an index of <paramref name="json"/>; false when named twice.</summary>
    public static bool TryFind(ReadOnlySpan<byte> json, List<MemberRange> members, ReadOnlySpan<byte> name, out int valueStart, out int valueEnd)
    {
        ArgumentNullException.ThrowIfNull(members);
        valueStart = valueEnd = -1;
        foreach (var member in members)
        {
            if (json[member.NameStart..member.NameEnd].SequenceEqual(name))
            {
                if (valueStart >= 0)
                {
                    return false;
                }

                (valueStart, valueEnd) = (member.ValueStart, member.ValueEnd);
            }
        }

        return true;
    }

    /// <summary>
    /// Lists the top-level members of a compact JSON object (name without quotes, value) into <paramref name="members"/>;
    /// <paramref name="close"/> is the index of the closing brace. False when the text is not an object or spells a member
    /// name with an escape.
    /// </summary>
    /// <remarks>
    /// The text must be valid compact JSON (what the engine wrote into the history): this is a scan for quotes and brackets,
    /// not a validating reader, so nested values are skipped at the speed of a vectorized search.
    /// </remarks>
    public static bool TryIndexMembers(ReadOnlySpan<byte> json, List<MemberRange> members, out int close)
    {
        ArgumentNullException.ThrowIfNull(members);
        members.Clear();
        close = -1;
        if (json.Length < 2 || json[0] != (byte)'{')
        {
            return false;
        }

        if (json[1] == (byte)'}')
        {
            close = 1;
            return json.Length == 2;
        }

        var i = 1;
        while (i < json.Length && json[i] == (byte)'"')
        {
            var nameEnd = EndOfString(json, i);
            if (nameEnd < 0 || nameEnd + 1 >= json.Length || json[nameEnd + 1] != (byte)':' || json[(i + 1)..nameEnd].Contains((byte)'\\'))
            {
                return false;
            }

            var start = nameEnd + 2;
            var end = SkipValue(json, start);
            if (end < 0 || end >= json.Length)
            {
                return false;
            }

            members.Add(new MemberRange(i + 1, nameEnd, start, end));
            if (json[end] == (byte)'}')
            {
                close = end;
                return close == json.Length - 1;
            }

            if (json[end] != (byte)',')
            {
                return false;
            }

            i = end + 1;
        }

        return false;
    }

    /// <summary>The index of the quote that closes the string opening at <paramref name="quote"/>, or -1.</summary>
    private static int EndOfString(ReadOnlySpan<byte> json, int quote)
    {
        var j = quote + 1;
        while (j < json.Length)
        {
            var k = json[j..].IndexOfAny(StringEnd);
            if (k < 0)
            {
                return -1;
            }

            j += k;
            if (json[j] == (byte)'"')
            {
                return j;
            }

            j += 2;
        }

        return -1;
    }

    /// <summary>The index just after the value starting at <paramref name="start"/>, or -1.</summary>
    private static int SkipValue(ReadOnlySpan<byte> json, int start)
    {
        if (start >= json.Length)
        {
            return -1;
        }

        switch (json[start])
        {
            case (byte)'"':
            {
                var end = EndOfString(json, start);
                return end < 0 ? -1 : end + 1;
            }

            case (byte)'{' or (byte)'[':
            {
                var depth = 0;
                var j = start;
                while (j < json.Length)
                {
                    var k = json[j..].IndexOfAny(Structure);
                    if (k < 0)
                    {
                        return -1;
                    }

                    j += k;
                    switch (json[j])
                    {
                        case (byte)'"':
                            j = EndOfString(json, j);
                            if (j < 0)
                            {
                                return -1;
                            }

                            break;
                        case (byte)'{' or (byte)'[':
                            depth++;
                            break;
                        default:
                            if (--depth == 0)
                            {
                                return j + 1;
                            }

                            break;
                    }

                    j++;
                }

                return -1;
            }

            default:
            {
                var k = json[start..].IndexOfAny(ScalarEnd);
                return k < 0 ? -1 : start + k;
            }
        }
    }
}

/// <summary>A top-level member of a JSON object: its name (without the quotes) and its value, as byte ranges.</summary>
internal readonly record struct MemberRange(int NameStart, int NameEnd, int ValueStart, int ValueEnd);
