using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Fulfilment.Local.Host;

/// <summary>
/// The JSON-lines files the stack keeps across a stop (the dead-letter and queued-message archives): written whole and then
/// renamed, so a crash mid-write leaves the previous file; read whole before anything is restored, with a damaged line named.
/// </summary>
internal static class JsonLinesFile
{
    public static async Task WriteAsync<T>(string path, IEnumerable<T> records, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await File.WriteAllLinesAsync(temporary, records.Select(r => JsonSerializer.Serialize(r, type)), ct);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Every record of the file; <paramref name="what"/> names the file in errors. A damaged file stops the start and stays
    /// where it is, so nothing in it is lost while it gets fixed.
    /// </summary>
    public static async Task<List<T>> ReadAsync<T>(string path, JsonTypeInfo<T> type, string what, CancellationToken ct)
    {
        var lines = await File.ReadAllLinesAsync(path, ct);
        var records = new List<T>();
        for (var number = 1; number <= lines.Length; number++)
        {
            if (string.IsNullOrWhiteSpace(lines[number - 1]))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize(lines[number - 1], type)
                    ?? throw new InvalidDataException($"The {what} '{path}' holds an empty record on line {number}."));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The {what} '{path}' is damaged on line {number}: {e.Message} Fix or move the file and start again.", e);
            }
        }

        return records;
    }
}
