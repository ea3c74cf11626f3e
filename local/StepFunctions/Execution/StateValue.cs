using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution.Flow;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>
/// One JSON value on its way through the states of a run: its compact UTF-8 text (exactly what
/// <see cref="JsonValues.Serialize"/> writes), a node, or both; whichever a step needs is made from the other on first use.
/// Text written into the run's history also knows its <see cref="Payload"/> there, so events refer to it without a copy.
/// </summary>
/// <remarks>
/// A value belongs to one unit (branch, iteration or the execution) at a time. <see cref="Node"/> is for reading;
/// <see cref="TakeNode"/> hands the node over to be changed or attached, and the value keeps only its text.
/// </remarks>
internal sealed class StateValue
{
    private readonly JsonConstant? constant;
    private JsonNode? node;
    private bool hasNode;
    private ReadOnlyMemory<byte> text;

    private StateValue(JsonNode? node, bool hasNode, ReadOnlyMemory<byte> text, Payload? payload, JsonConstant? constant)
    {
        this.node = node;
        this.hasNode = hasNode;
        this.text = text;
        Payload = payload;
        this.constant = constant;
    }

    /// <summary>Where the text is in the run's history buffer, once written there.</summary>
    public Payload? Payload { get; private set; }

    /// <summary>True when the compact text is at hand (no serialization needed).</summary>
    public bool HasText => !text.IsEmpty;

    /// <summary>The compact UTF-8 text; empty when only a node exists (see <see cref="HasText"/>).</summary>
    public ReadOnlyMemory<byte> Text => text;

    /// <summary>The top-level members of <see cref="Text"/> when a splice knows them (see <see cref="ByteSplice"/>).</summary>
    public MemberIndex? Members { get; set; }

    /// <summary>The node, parsed from the text on first use: read it, do not change it.</summary>
    public JsonNode? Node
    {
        get
        {
            if (!hasNode)
            {
                node = text.IsEmpty ? throw new InvalidOperationException("The value's node was handed over and it has no text.") : JsonValues.Parse(text.Span);
                hasNode = true;
            }

            return node;
        }
    }

    /// <summary>A value made of a node the caller hands over.</summary>
    public static StateValue Of(JsonNode? node) => new(node, true, default, null, null);

    /// <summary>A value fixed by the definition, shared by every run: it is read, never written; see <see cref="Thawed"/>.</summary>
    public static StateValue Of(JsonConstant constant) => new(constant.Node, true, constant.Utf8, null, constant);

    /// <summary>This value, or for a constant of the definition a value of this run with the same JSON (which can be written).</summary>
    public StateValue Thawed() => constant is null ? this : new(null, false, constant.Utf8, null, null);

    /// <summary>Canonical compact UTF-8 text (see <see cref="Utf8Json.IsCanonical"/>), not yet in the history.</summary>
    public static StateValue OfText(ReadOnlyMemory<byte> canonical) => new(null, false, canonical, null, null);

    /// <summary>A payload of the run's history (another unit may share the bytes: this value parses its own node).</summary>
    public static StateValue Written(HistoryRecorder history, Payload payload) => new(null, false, history.Bytes(payload), payload, null);

    /// <summary>A payload just written into the run's history, with its bytes.</summary>
    public static StateValue Written(Payload payload, ReadOnlyMemory<byte> bytes) => new(null, false, bytes, payload, null);

    /// <summary>The node for the caller to change or attach; this value keeps its text and parses it again if asked.</summary>
    public JsonNode? TakeNode()
    {
        var taken = Node;
        if (constant is not null)
        {
            return JsonValues.Clone(taken);
        }

        node = null;
        hasNode = false;
        return taken;
    }

    /// <summary>Writes the value into the history once; later calls return the same payload.</summary>
    public Payload Write(HistoryRecorder history)
    {
        if (Payload is { } known)
        {
            return known;
        }

        if (constant is not null)
        {
            throw new InvalidOperationException("A constant of the definition is shared by every run: write a copy (Thawed).");
        }

        ReadOnlyMemory<byte> bytes;
        var payload = !text.IsEmpty ? history.Write(text.Span, out bytes)
            : hasNode ? history.Write(node, out bytes)
            : throw new InvalidOperationException("The value's node was handed over and it has no text.");
        text = bytes;
        Payload = payload;
        if (hasNode && node?.Parent is not null)
        {
            // A node inside another document cannot be attached elsewhere: whoever needs one parses the text.
            node = null;
            hasNode = false;
        }

        return payload;
    }

    /// <summary>The text as a string (for the store); writes nothing.</summary>
    public string ToText() => text.IsEmpty ? JsonValues.Serialize(node) : Encoding.UTF8.GetString(text.Span);
}

/// <summary>A JSON value fixed by the definition (a Pass state's Result): a node no run may change, and its compact text.</summary>
internal sealed class JsonConstant
{
    public JsonConstant(JsonNode? value)
    {
        Node = JsonValues.Clone(value);
        Utf8 = Encoding.UTF8.GetBytes(JsonValues.Serialize(Node));
        Value = StateValue.Of(this);
    }

    public JsonNode? Node { get; }

    public byte[] Utf8 { get; }

    /// <summary>The constant as a (shared, read-only) value.</summary>
    public StateValue Value { get; }
}
