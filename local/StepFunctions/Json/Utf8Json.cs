using System.Text.Json;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>
/// Byte-level operations on compact UTF-8 JSON, for the states whose paths are all simple: they let a Pass or a Lambda
/// Task build its output from the input bytes without a node tree. Each answers false whenever the result could differ
/// from what the node path (parse, modify, <see cref="JsonValues.Serialize"/>) writes; the caller then takes that path.
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

    /// <summary>
    /// Where a top-level member of a compact JSON object is: the range of its value (<paramref name="valueStart"/>,
    /// <paramref name="valueEnd"/>), or -1 for both when absent; <paramref name="close"/> is the index of the closing brace.
    /// False when the text is not an object or names the member twice.
    /// </summary>
    public static bool TryLocateMember(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, out int valueStart, out int valueEnd, out int close)
    {
        valueStart = valueEnd = close = -1;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    close = (int)reader.TokenStartIndex;
                    return close == json.Length - 1;
                }

                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match && valueStart >= 0)
                {
                    return false;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (match)
                {
                    valueStart = start;
                    valueEnd = (int)reader.BytesConsumed;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
