using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Local.PaymentProcessor.Internal;

/// <summary>
/// One line of the processor's journal: a completed idempotency key with its answer and the ledger entries that answer
/// made. A request's money movement and its remembered answer are written together, so after a restart a replayed
/// key never moves money twice and no capture exists without the answer that reported it.
/// </summary>
internal sealed record JournalLine(
    string Key,
    ChargeRequestBody? Charge,
    RefundRequestBody? Refund,
    int Status,
    byte[] Body,
    IReadOnlyList<LedgerEntry> Captures,
    IReadOnlyList<LedgerEntry> Refunds);

/// <summary>
/// The processor's durable memory: an append-only JSON-lines file under the local stack's data directory, read back
/// when the processor starts, so idempotency keys and the ledger survive a stack restart like a real processor's do.
/// Each line is flushed to the operating system before the client gets its answer: a killed process loses nothing it
/// answered. Not thread-safe: <see cref="ProcessorState"/> writes under its lock.
/// </summary>
internal sealed class ProcessorJournal : IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly FileStream _file;

    private ProcessorJournal(FileStream file) => _file = file;

    /// <summary>Opens (creating) the journal at <paramref name="path"/> and returns the lines written before.</summary>
    public static (ProcessorJournal Journal, IReadOnlyList<JournalLine> Lines) Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = new List<JournalLine>();
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var validLength = ReadLines(file, lines);

            // A line cut short by a crash mid-write was never acknowledged to a client: drop it.
            file.SetLength(validLength);
            file.Seek(validLength, SeekOrigin.Begin);
            return (new ProcessorJournal(file), lines);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Append(JournalLine line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, JournalJsonContext.Default.JournalLine);
        _file.Write(bytes);
        _file.Write(NewLine);
        _file.Flush(flushToDisk: false);
    }

    public void Dispose() => _file.Dispose();

    private static long ReadLines(FileStream file, List<JournalLine> lines)
    {
        var content = new byte[file.Length];
        file.ReadExactly(content);
        var span = content.AsSpan();
        long valid = 0;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            if (end < 0)
            {
                break;
            }

            // Each line is written whole before its newline, so a complete line that does not parse is damage, not a crash.
            JournalLine? line;
            try
            {
                line = JsonSerializer.Deserialize(span[..end], JournalJsonContext.Default.JournalLine);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The payment processor journal '{file.Name}' is damaged at byte {valid}: {e.Message} Fix or move the file and start again.", e);
            }

            lines.Add(line ?? throw new InvalidDataException($"The payment processor journal '{file.Name}' has an empty record at byte {valid}."));
            valid += end + 1;
            span = span[(end + 1)..];
        }

        return valid;
    }
}

/// <summary>Source-generated serialization of the journal (compact: written once per completed request).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalLine))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
