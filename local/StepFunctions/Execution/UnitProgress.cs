using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// The branches/iterations of one Parallel or Map attempt, at any depth, by index: what a redrive needs to rerun only the
/// units that failed or were aborted, each from the state it stopped in.
/// </summary>
internal sealed class UnitSet
{
    public ConcurrentDictionary<int, UnitProgress> Units { get; } = new();
}

/// <summary>Where one branch/iteration is: succeeded with its output, or the state it is in with that state's input.</summary>
/// <remarks>Written only by the task that runs the unit; read once all units have ended.</remarks>
internal sealed class UnitProgress
{
    public bool Succeeded { get; private set; }

    /// <summary>The unit's output in the history buffer, once it succeeded.</summary>
    public Payload Output { get; private set; }

    /// <summary>The state of the unit's block it is in (or about to run); null before its first state.</summary>
    public string? State { get; private set; }

    /// <summary>That state's input, in the history buffer.</summary>
    public Payload Input { get; private set; }

    /// <summary>When <see cref="State"/> is a Parallel or Map: its current attempt's units.</summary>
    public UnitSet? Units { get; set; }

    public void Enter(string state, Payload input)
    {
        State = state;
        Input = input;
        Units = null;
    }

    public void Succeed(Payload output)
    {
        Output = output;
        Succeeded = true;
        Units = null;
    }
}

/// <summary>
/// A branch/iteration as the store kept it when the execution stopped: its output when it succeeded (reused, not rerun),
/// else the state to resume at, that state's input and, for a Parallel or Map there, its own units.
/// </summary>
internal sealed record SavedUnit(bool Succeeded, JsonNode? Output, string? State, JsonNode? Input, IReadOnlyDictionary<int, SavedUnit>? Units);

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

    /// <summary>The units of the stored text, or null.</summary>
    public static IReadOnlyDictionary<int, SavedUnit>? Parse(string? text)
    {
        if (text is null || JsonValues.Parse(text) is not JsonObject root)
        {
            return null;
        }

        return root["units"] is JsonObject units
            ? ParseSet(units)
            : root.ToDictionary(p => Index(p.Key), p => new SavedUnit(true, JsonValues.Clone(p.Value), null, null, null));
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
                if (unit.Units is { } inner && HasContent(inner))
                {
                    writer.WritePropertyName("units"u8);
                    WriteSet(writer, inner, history);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static Dictionary<int, SavedUnit> ParseSet(JsonObject units) => units.ToDictionary(p => Index(p.Key), p =>
    {
        var unit = (JsonObject)p.Value!;
        return unit.TryGetPropertyValue("output", out var output)
            ? new SavedUnit(true, JsonValues.Clone(output), null, null, null)
            : new SavedUnit(false, null, (string?)unit["state"], JsonValues.Clone(unit["input"]), unit["units"] is JsonObject inner ? ParseSet(inner) : null);
    });

    private static int Index(string key) => int.Parse(key, CultureInfo.InvariantCulture);
}
