using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Execution;

/// <summary>Outputs spliced from their input's bytes (a member set, a Parameters template), with the input's member index.</summary>
internal sealed partial class HistoryRecorder
{
    private readonly List<MemberRange> members = [];
    private Payload indexed = new(-1, -1);
    private bool indexedOk;
    private int indexedClose;

    /// <summary>
    /// Writes the object <paramref name="input"/> with its top-level member <paramref name="name"/> set to <paramref name="value"/>
    /// (replaced where it is, else appended: what <c>JsonObject</c>'s indexer and the serializer give), without a node tree.
    /// Null when the bytes path cannot tell (not an object, a repeated name): the caller takes the node path.
    /// </summary>
    public Payload? WriteWithMember(Payload input, ReadOnlySpan<byte> name, ReadOnlySpan<byte> member, ReadOnlySpan<byte> value)
    {
        lock (gate)
        {
            // Spans over the current array stay valid if Ensure moves to a new one: the old array is never written again.
            var source = bytes.AsSpan(input.Offset, input.Length);
            if (!IndexMembers(input, out var close) || !Utf8Json.TryFind(source, members, name, out var valueStart, out var valueEnd))
            {
                return null;
            }

            // Setting a member to the bytes it already has gives the same document: share the input's bytes.
            if (valueStart >= 0 && source[valueStart..valueEnd].SequenceEqual(value))
            {
                return input;
            }

            var start = length;
            if (valueStart >= 0)
            {
                Append(source[..valueStart]);
                Append(value);
                Append(source[valueEnd..]);
            }
            else
            {
                Append(source[..close]);
                if (close > 1)
                {
                    Append(","u8);
                }

                Append(member);
                Append(value);
                Append("}"u8);
            }

            var output = new Payload(start, length - start);
            IndexWrittenMembers(output, valueStart, valueEnd, close, member, value.Length);
            return output;
        }
    }

    /// <summary>
    /// Moves the member index from the input of <see cref="WriteWithMember"/> to its output, whose members are known without a
    /// scan: the output is the next state's input, and in a chain whose document nests deeper at every state a scan would stop
    /// at every quote and bracket of the nested value (the index is kept for one payload, see <see cref="IndexMembers"/>).
    /// </summary>
    private void IndexWrittenMembers(Payload output, int valueStart, int valueEnd, int close, ReadOnlySpan<byte> member, int valueLength)
    {
        if (valueStart >= 0)
        {
            var delta = valueLength - (valueEnd - valueStart);
            for (var i = 0; i < members.Count; i++)
            {
                var m = members[i];
                if (m.ValueStart == valueStart)
                {
                    members[i] = m with { ValueEnd = valueStart + valueLength };
                }
                else if (m.NameStart > valueStart)
                {
                    members[i] = new MemberRange(m.NameStart + delta, m.NameEnd + delta, m.ValueStart + delta, m.ValueEnd + delta);
                }
            }

            indexedClose = close + delta;
        }
        else if (member.Contains((byte)'\\'))
        {
            // An escaped name is not indexed (TryIndexMembers refuses it): the next reader scans and takes the node path.
            indexed = new Payload(-1, -1);
            return;
        }
        else
        {
            var nameStart = close + (close > 1 ? 1 : 0) + 1;
            var memberValueStart = nameStart - 1 + member.Length;
            members.Add(new MemberRange(nameStart, memberValueStart - 2, memberValueStart, memberValueStart + valueLength));
            indexedClose = memberValueStart + valueLength;
        }

        indexed = output;
        indexedOk = true;
    }

    /// <summary>
    /// Writes the object a byte template (<see cref="PayloadTemplate.BytePartsOrNull"/>) builds from the object
    /// <paramref name="input"/>, as the node path would serialize it. Null when an input member is missing or the input is
    /// not an object: the node path then raises the error the specification asks for.
    /// </summary>
    public Payload? WriteTemplate(Payload input, IReadOnlyList<TemplatePart> parts)
    {
        lock (gate)
        {
            var source = bytes.AsSpan(input.Offset, input.Length);
            if (!IndexMembers(input, out _))
            {
                return null;
            }

            var start = length;
            foreach (var part in parts)
            {
                var value = part.Constant;
                var found = default(ReadOnlySpan<byte>);
                if (value is null)
                {
                    if (!Utf8Json.TryFind(source, members, part.Member, out var valueStart, out var valueEnd) || valueStart < 0)
                    {
                        Truncate(start);
                        return null;
                    }

                    found = source[valueStart..valueEnd];
                }

                Append(part.Prefix);
                Append(value is null ? found : value);
            }

            Append("}"u8);
            return new Payload(start, length - start);
        }
    }

    /// <summary>
    /// The top-level members of the object payload <paramref name="input"/> into <see cref="members"/>, kept for the
    /// last payload indexed: a Task with Parameters and a ResultPath reads its input's members twice, with one scan.
    /// </summary>
    private bool IndexMembers(Payload input, out int close)
    {
        if (input != indexed)
        {
            indexedOk = Utf8Json.TryIndexMembers(bytes.AsSpan(input.Offset, input.Length), members, out indexedClose);
            indexed = input;
        }

        close = indexedClose;
        return indexedOk;
    }
}
