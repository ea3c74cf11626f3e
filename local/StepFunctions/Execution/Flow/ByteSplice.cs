using System.Buffers;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution.Flow;

/// <summary>
/// The fast paths of the JSONPath data flow: outputs copied together from their input's compact text (a member set by
/// ResultPath <c>$.name</c>, a Parameters template of constants and top-level input members), exactly as the node
/// pipeline would serialize them. Each answers null when the bytes cannot tell (not an object, a name given twice, a
/// missing member): the caller then takes the node pipeline, which gives the result or the error the specification asks for.
/// </summary>
internal static class ByteSplice
{
    /// <summary>
    /// The object <paramref name="input"/> with its top-level member set to <paramref name="value"/> (replaced where it is, else
    /// appended: what <c>JsonObject</c>'s indexer and the serializer give), written into the history. The input's member index
    /// moves to the output, whose members are then known without a scan.
    /// </summary>
    public static StateValue? SetMember(StateValue input, SetMemberPlan plan, StateValue value, HistoryRecorder history)
    {
        var index = Index(input);
        var source = input.Text;
        if (index is null || !Utf8Json.TryFind(source.Span, index.Ranges, plan.Name, out var valueStart, out var valueEnd))
        {
            return null;
        }

        var bytes = value.Text;
        if (valueStart >= 0 && source.Span[valueStart..valueEnd].SequenceEqual(bytes.Span))
        {
            // Setting a member to the bytes it already has gives the same document: the input itself.
            return input;
        }

        var edit = new MemberEdit(source, bytes, plan.Member, valueStart, valueEnd, index.Close);
        var payload = history.Write(edit.Length, edit, static (span, e) => e.CopyTo(span), out var written);
        var output = StateValue.Written(payload, written);
        input.Members = null;
        output.Members = index.Moved(valueStart, valueEnd, plan.Member, bytes.Length);
        return output;
    }

    /// <summary>The object a byte template builds from the object <paramref name="input"/>, written into the history.</summary>
    public static StateValue? Template(StateValue input, IReadOnlyList<TemplatePart> parts, HistoryRecorder history)
    {
        var index = Index(input);
        var source = input.Text;
        if (index is null)
        {
            return null;
        }

        var length = 1;
        foreach (var part in parts)
        {
            if (part.Constant is { } constant)
            {
                length += part.Prefix.Length + constant.Length;
            }
            else if (Utf8Json.TryFind(source.Span, index.Ranges, part.Member, out var start, out var end) && start >= 0)
            {
                length += part.Prefix.Length + end - start;
            }
            else
            {
                return null;
            }
        }

        var payload = history.Write(length, (source, parts, index), static (span, t) => FillTemplate(span, t.source.Span, t.parts, t.index), out var written);
        return StateValue.Written(payload, written);
    }

    /// <summary>The JSON array of the values' texts (all written: the outputs of branches or iterations), without a node.</summary>
    public static StateValue Array(IReadOnlyList<StateValue> items)
    {
        var length = 1 + Math.Max(items.Count, 1);
        foreach (var item in items)
        {
            length += item.Text.Length;
        }

        var bytes = new byte[length];
        var at = 0;
        bytes[at++] = (byte)'[';
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                bytes[at++] = (byte)',';
            }

            items[i].Text.Span.CopyTo(bytes.AsSpan(at));
            at += items[i].Text.Length;
        }

        bytes[at] = (byte)']';
        return StateValue.OfText(bytes);
    }

    private static void FillTemplate(Span<byte> span, ReadOnlySpan<byte> source, IReadOnlyList<TemplatePart> parts, MemberIndex index)
    {
        var at = 0;
        foreach (var part in parts)
        {
            part.Prefix.CopyTo(span[at..]);
            at += part.Prefix.Length;
            ReadOnlySpan<byte> value = part.Constant;
            if (part.Constant is null)
            {
                Utf8Json.TryFind(source, index.Ranges, part.Member, out var start, out var end);
                value = source[start..end];
            }

            value.CopyTo(span[at..]);
            at += value.Length;
        }

        span[at] = (byte)'}';
    }

    /// <summary>The member index of the input's text, scanned once and kept on the value (null: not an object we can splice).</summary>
    private static MemberIndex? Index(StateValue input)
    {
        input.Members ??= MemberIndex.Scan(input.Text.Span);
        return input.Members.Indexed ? input.Members : null;
    }

    /// <summary>One member set: the input's bytes with the value replaced in place, or the member appended before the brace.</summary>
    private readonly record struct MemberEdit(ReadOnlyMemory<byte> Source, ReadOnlyMemory<byte> Value, byte[] Member, int ValueStart, int ValueEnd, int Close)
    {
        public int Length => ValueStart >= 0
            ? Source.Length - (ValueEnd - ValueStart) + Value.Length
            : Close + (Close > 1 ? 1 : 0) + Member.Length + Value.Length + 1;

        public void CopyTo(Span<byte> span)
        {
            var source = Source.Span;
            if (ValueStart >= 0)
            {
                source[..ValueStart].CopyTo(span);
                Value.Span.CopyTo(span[ValueStart..]);
                source[ValueEnd..].CopyTo(span[(ValueStart + Value.Length)..]);
                return;
            }

            source[..Close].CopyTo(span);
            var at = Close;
            if (Close > 1)
            {
                span[at++] = (byte)',';
            }

            Member.CopyTo(span[at..]);
            at += Member.Length;
            Value.Span.CopyTo(span[at..]);
            span[at + Value.Length] = (byte)'}';
        }
    }
}

/// <summary>ResultPath <c>$.name</c> as bytes: the member name (unescaped UTF-8) and <c>"name":</c> as the serializer writes it.</summary>
internal sealed record SetMemberPlan(byte[] Name, byte[] Member);

/// <summary>
/// The top-level members of one compact JSON object text (not <see cref="Indexed"/> when it is not one we can splice).
/// Carried from a splice's input to its output: in a chain whose document nests deeper at every state, a scan would stop at
/// every quote and bracket of the nested value.
/// </summary>
internal sealed class MemberIndex
{
    private MemberIndex(bool indexed, List<MemberRange> ranges, int close)
    {
        Indexed = indexed;
        Ranges = ranges;
        Close = close;
    }

    /// <summary>False when the text is not an object, or spells a member name with an escape.</summary>
    public bool Indexed { get; }

    /// <summary>The members in text order.</summary>
    public List<MemberRange> Ranges { get; }

    /// <summary>The index of the closing brace.</summary>
    public int Close { get; private set; }

    public static MemberIndex Scan(ReadOnlySpan<byte> json)
    {
        var ranges = new List<MemberRange>();
        var indexed = Utf8Json.TryIndexMembers(json, ranges, out var close);
        return new MemberIndex(indexed, ranges, close);
    }

    /// <summary>This index, changed in place to describe the output of a member set (see <see cref="ByteSplice.SetMember"/>).</summary>
    public MemberIndex? Moved(int valueStart, int valueEnd, ReadOnlySpan<byte> member, int valueLength)
    {
        var ranges = Ranges;
        if (valueStart >= 0)
        {
            var delta = valueLength - (valueEnd - valueStart);
            for (var i = 0; i < ranges.Count; i++)
            {
                var m = ranges[i];
                if (m.ValueStart == valueStart)
                {
                    ranges[i] = m with { ValueEnd = valueStart + valueLength };
                }
                else if (m.NameStart > valueStart)
                {
                    ranges[i] = new MemberRange(m.NameStart + delta, m.NameEnd + delta, m.ValueStart + delta, m.ValueEnd + delta);
                }
            }

            Close += delta;
            return this;
        }

        if (member.Contains((byte)'\\'))
        {
            // An escaped name is not indexed (TryIndexMembers refuses it): the next reader scans and takes the node path.
            return null;
        }

        var nameStart = Close + (Close > 1 ? 1 : 0) + 1;
        var memberValueStart = nameStart - 1 + member.Length;
        ranges.Add(new MemberRange(nameStart, memberValueStart - 2, memberValueStart, memberValueStart + valueLength));
        Close = memberValueStart + valueLength;
        return this;
    }
}
