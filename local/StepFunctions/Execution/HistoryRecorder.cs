using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>A JSON payload written once into a <see cref="HistoryRecorder"/>'s buffer: its UTF-8 offset and length.</summary>
internal readonly record struct Payload(int Offset, int Length);

/// <summary>
/// The events of one execution run with AWS ids, kept as one append-only UTF-8 buffer (each state's input/output is written
/// there once, straight from the JSON nodes) plus an array of event entries that point into it. No object per event and no
/// string per payload: <see cref="HistoryEvent"/> objects exist only when the history is read. Thread-safe because Map
/// iterations and Parallel branches record concurrently; written bytes are never moved within an array or overwritten, so a
/// <see cref="Payload"/> stays valid.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The Utf8JsonWriter writes into this object's own array: it holds no unmanaged resource, and Trim drops it.")]
internal sealed class HistoryRecorder : IBufferWriter<byte>
{
    private static readonly byte[] NullBytes = "null"u8.ToArray();
    private readonly Lock gate = new();
    private readonly IEngineClock clock;
    private Utf8JsonWriter? writer;
    private byte[] bytes;
    private int length;
    private Entry[] entries;
    private int count;
    private int taken;
    private readonly long firstId;

    public HistoryRecorder(long lastId, IEngineClock clock, (int Events, int Bytes)? capacity = null)
    {
        var (events, size) = capacity ?? (32, 1024);
        entries = new Entry[Math.Max(events, 4)];

        // The JSON writer asks for 256 free bytes before each payload: room for that after the expected size.
        bytes = new byte[Math.Max(size, 0) + 256];
        firstId = lastId + 1;
        this.clock = clock;
    }

    public long LastId
    {
        get
        {
            lock (gate)
            {
                return firstId + count - 1;
            }
        }
    }

    /// <summary>Appends an event; <paramref name="previous"/> is the causal predecessor's id (0 for none).</summary>
    public long Add(string type, long previous, string? detailsName = null, JsonObject? details = null) =>
        Append(new EventHead(type, detailsName, details is null ? EventShape.None : EventShape.Json, null, details), previous, default);

    /// <summary>An event whose head (type, details name, state) is shared by every event of its kind; its payload is already in the buffer.</summary>
    public long Add(EventHead head, long previous, Payload payload = default) => Append(head, previous, payload);

    /// <summary>ExecutionStarted: the input text as given, the role and the state machine (built into details on read).</summary>
    public long AddExecutionStarted(string input, string roleArn, string stateMachineArn)
    {
        var payload = Write(System.Text.Encoding.UTF8.GetBytes(input));
        return Append(new EventHead("ExecutionStarted", "executionStartedEventDetails", EventShape.ExecutionStarted, null, new ExecutionStartedFacts(roleArn, stateMachineArn)), 0, payload);
    }

    /// <summary>Writes a node as compact JSON (as <see cref="JsonValues.Serialize"/> would) into the buffer.</summary>
    public Payload Write(JsonNode? node) => Write(node, out _);

    /// <summary>Writes a node as compact JSON into the buffer; <paramref name="written"/> is its bytes there.</summary>
    public Payload Write(JsonNode? node, out ReadOnlyMemory<byte> written)
    {
        lock (gate)
        {
            var start = length;
            if (node is null)
            {
                Append(NullBytes);
            }
            else
            {
                writer ??= new Utf8JsonWriter(this, new JsonWriterOptions { Encoder = JsonValues.CompactOptions.Encoder, SkipValidation = true });
                writer.Reset();
                node.WriteTo(writer, JsonValues.CompactOptions);
                writer.Flush();
            }

            written = new ReadOnlyMemory<byte>(bytes, start, length - start);
            return new Payload(start, length - start);
        }
    }

    /// <summary>Copies UTF-8 JSON text into the buffer.</summary>
    public Payload Write(ReadOnlySpan<byte> utf8) => Write(utf8, out _);

    /// <summary>Copies UTF-8 JSON text into the buffer; <paramref name="written"/> is its bytes there.</summary>
    public Payload Write(ReadOnlySpan<byte> utf8, out ReadOnlyMemory<byte> written)
    {
        lock (gate)
        {
            var start = length;
            Append(utf8);
            written = new ReadOnlyMemory<byte>(bytes, start, utf8.Length);
            return new Payload(start, utf8.Length);
        }
    }

    /// <summary>
    /// Writes <paramref name="size"/> bytes that <paramref name="fill"/> puts together (a splice of earlier payloads, whose
    /// bytes stay valid while the buffer grows: a grown buffer is a new array), as one payload.
    /// </summary>
    public Payload Write<TState>(int size, TState state, SpanAction<byte, TState> fill, out ReadOnlyMemory<byte> written)
    {
        ArgumentNullException.ThrowIfNull(fill);
        lock (gate)
        {
            var start = length;
            fill(GetSpan(size)[..size], state);
            length += size;
            written = new ReadOnlyMemory<byte>(bytes, start, size);
            return new Payload(start, size);
        }
    }

    /// <summary>Forgets a payload that was just written and never referenced (an oversized output).</summary>
    public void Discard(Payload payload)
    {
        lock (gate)
        {
            if (payload.Offset + payload.Length == length)
            {
                length = payload.Offset;
            }
        }
    }

    /// <summary>The payload's bytes (valid forever: a grown buffer is a new array, the old one is never written again).</summary>
    public ReadOnlyMemory<byte> Bytes(Payload payload)
    {
        lock (gate)
        {
            return new ReadOnlyMemory<byte>(bytes, payload.Offset, payload.Length);
        }
    }

    public string GetString(Payload payload) => Encoding.UTF8.GetString(Bytes(payload).Span);

    /// <summary>The events recorded since the last call (for persistence).</summary>
    public HistorySlice TakeSlice()
    {
        lock (gate)
        {
            var slice = new HistorySlice(this, taken, count);
            taken = count;
            return slice;
        }
    }

    /// <summary>How much the recorder holds: the capacity hint for the next run of the same definition.</summary>
    public (int Events, int Bytes) Size
    {
        get
        {
            lock (gate)
            {
                return (count, length);
            }
        }
    }

    /// <summary>Shrinks the arrays when much is unused (the in-memory store keeps the recorder of a finished run).</summary>
    public void Trim()
    {
        lock (gate)
        {
            writer = null;
            if (bytes.Length - length > 1024)
            {
                Array.Resize(ref bytes, length);
            }

            if (entries.Length - count > 16)
            {
                Array.Resize(ref entries, count);
            }
        }
    }

    /// <summary>Builds the events <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive; -1 for all so far).</summary>
    public List<HistoryEvent> Materialize(int from = 0, int to = -1)
    {
        lock (gate)
        {
            var end = to < 0 ? count : to;
            var list = new List<HistoryEvent>(Math.Max(0, end - from));
            for (var i = from; i < end; i++)
            {
                list.Add(Materialize(i));
            }

            return list;
        }
    }

    private HistoryEvent Materialize(int index)
    {
        ref readonly var e = ref entries[index];
        var head = e.Head;
        var id = firstId + index;
        var timestamp = new DateTimeOffset(e.Ticks, TimeSpan.Zero);
        var payload = e.Payload;
        string Text() => Encoding.UTF8.GetString(bytes, payload.Offset, payload.Length);
        var task = head.Extra as ITaskEventDetails;
        return head.Shape switch
        {
            EventShape.None => new HistoryEvent(id, e.Previous, head.Type, timestamp, null, (JsonObject?)null),
            EventShape.Json => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, (JsonObject?)head.Extra),
            EventShape.StateEntered => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, Details.StateEntered(head.Name!, Text())),
            EventShape.StateExited => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, Details.StateExited(head.Name!, Text())),
            EventShape.ExecutionSucceeded => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, Details.ExecutionSucceeded(Text())),
            EventShape.TaskScheduled => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, task!.Scheduled(Text(), head.Timeout, head.Heartbeat)),
            EventShape.TaskStarted => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, task!.Plain()),
            EventShape.ExecutionStarted => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, ((ExecutionStartedFacts)head.Extra!).Details(Text())),
            _ => new HistoryEvent(id, e.Previous, head.Type, timestamp, head.DetailsName, task!.WithOutput(Text())),
        };
    }

    private long Append(EventHead head, long previous, Payload payload)
    {
        var ticks = clock.UtcNow.UtcTicks;
        lock (gate)
        {
            if (count == entries.Length)
            {
                Array.Resize(ref entries, count * 2);
            }

            var id = firstId + count;
            ref var e = ref entries[count++];
            e.Head = head;
            e.Previous = previous;
            e.Ticks = ticks;
            e.Payload = payload;
            return id;
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            data.CopyTo(GetSpan(data.Length));
            length += data.Length;
        }
    }

    void IBufferWriter<byte>.Advance(int bytesWritten) => length += bytesWritten;

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        Ensure(sizeHint);
        return bytes.AsMemory(length);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => GetSpan(sizeHint);

    private Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return bytes.AsSpan(length);
    }

    private void Ensure(int sizeHint)
    {
        var needed = length + Math.Max(sizeHint, 1);
        if (needed > bytes.Length)
        {
            // A new array (never a copy within the old one): payloads handed out earlier keep pointing at valid bytes.
            var grown = new byte[Math.Max(needed, bytes.Length * 2)];
            bytes.AsSpan(0, length).CopyTo(grown);
            bytes = grown;
        }
    }

    /// <summary>
    /// One event: 32 bytes with a single reference, to a head that is shared by all events of its kind of one state and
    /// lives as long as the definition. The id is the entry's index plus the recorder's first id.
    /// </summary>
    private struct Entry
    {
        public EventHead Head;
        public long Previous;
        public long Ticks;
        public Payload Payload;
    }
}
