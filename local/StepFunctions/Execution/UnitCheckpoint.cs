using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// The text form of a <see cref="UnitSet"/> in the execution record (<c>CheckpointUnits</c>):
/// <c>{"units":{"0":{"output":…},"1":{"state":"S","input":…,"units":{…}}}}</c>. Records written before nested units
/// were tracked hold <c>{"0":output,…}</c> (top-level outputs only) and are still read.
/// </summary>
internal static class UnitCheckpoint
{
    /// <summary>The set as text, or null when no unit succeeded or started a state.</summary>
    public static string? Serialize(UnitSet? set, HistoryRecorder history)
    {
        if (set is null || !HasContent(set))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonValues.CompactOptions.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("units"u8);
            WriteSet(writer, set, history);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The units of the stored text, their inputs and outputs written into <paramref name="history"/>; null for none.</summary>
    public static UnitSet? Restore(string? text, HistoryRecorder history)
    {
        if (text is null || JsonValues.Parse(text) is not JsonObject root)
        {
            return null;
        }

        if (root["units"] is JsonObject units)
        {
            return RestoreSet(units, history);
        }

        var set = new UnitSet();
        foreach (var (key, output) in root)
        {
            set.Units[Index(key)] = Unit.RestoredSucceeded(history.Write(output));
        }

        return set;
    }

    private static bool HasContent(UnitSet set) => set.Units.Values.Any(u => u.Succeeded || u.State is not null);

    private static void WriteSet(Utf8JsonWriter writer, UnitSet set, HistoryRecorder history)
    {
        writer.WriteStartObject();
        foreach (var (index, unit) in set.Units.OrderBy(u => u.Key))
        {
            if (!unit.Succeeded && unit.State is null)
            {
                continue;
            }

            writer.WritePropertyName(index.ToString(CultureInfo.InvariantCulture));
            writer.WriteStartObject();
            if (unit.Succeeded)
            {
                writer.WritePropertyName("output"u8);
                writer.WriteRawValue(history.Bytes(unit.Output).Span, skipInputValidation: true);
            }
            else
            {
                writer.WriteString("state"u8, unit.State);
                writer.WritePropertyName("input"u8);
                writer.WriteRawValue(history.Bytes(unit.Input).Span, skipInputValidation: true);
                if (unit.Children is { } inner && HasContent(inner))
                {
                    writer.WritePropertyName("units"u8);
                    WriteSet(writer, inner, history);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static UnitSet RestoreSet(JsonObject units, HistoryRecorder history)
    {
        var set = new UnitSet();
        foreach (var (key, value) in units)
        {
            var unit = (JsonObject)value!;
            if (unit.TryGetPropertyValue("output", out var output))
            {
                set.Units[Index(key)] = Unit.RestoredSucceeded(history.Write(output));
            }
            else if ((string?)unit["state"] is { } state)
            {
                set.Units[Index(key)] = Unit.RestoredAt(state, history.Write(unit["input"]), unit["units"] is JsonObject inner ? RestoreSet(inner, history) : null);
            }
        }

        return set;
    }

    private static int Index(string key) => int.Parse(key, CultureInfo.InvariantCulture);
}
