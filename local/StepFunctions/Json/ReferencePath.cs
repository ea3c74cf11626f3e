using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;

namespace Fulfilment.Local.StepFunctions.Json;

/// <summary>Applies a <c>ResultPath</c> (a Reference Path: names and indexes only) to a state input.</summary>
internal static class ReferencePath
{
    /// <summary>
    /// Returns the input with <paramref name="value"/> placed at <paramref name="path"/> (the input is modified and returned).
    /// Missing object members are created; a non-object on the way is a <c>States.ResultPathMatchFailure</c>.
    /// </summary>
    public static JsonNode? Apply(JsonNode? input, JsonPath path, JsonNode? value)
    {
        var segments = path.Segments;
        if (segments.Count == 0)
        {
            return value;
        }

        if (input is not JsonObject and not JsonArray)
        {
            throw MatchFailure(path, input);
        }

        JsonNode current = input;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i], current)
            {
                case (ChildSegment child, JsonObject obj):
                    if (last)
                    {
                        obj[child.Name] = value;
                        return input;
                    }

                    if (!obj.TryGetPropertyValue(child.Name, out var next) || next is null)
                    {
                        next = new JsonObject();
                        obj[child.Name] = next;
                    }
                    else if (next is not JsonObject and not JsonArray)
                    {
                        throw MatchFailure(path, input);
                    }

                    current = next;
                    break;
                case (IndexSegment index, JsonArray array) when index.Index >= 0 && index.Index < array.Count:
                    if (last)
                    {
                        array[index.Index] = value;
                        return input;
                    }

                    current = array[index.Index] ?? throw MatchFailure(path, input);
                    break;
                default:
                    throw MatchFailure(path, input);
            }
        }

        return input;
    }

    private static StatesException MatchFailure(JsonPath path, JsonNode? input) =>
        new(StatesErrors.ResultPathMatchFailure,
            $"Unable to apply ReferencePath {path.Text} to input {JsonValues.Serialize(input)}");
}
