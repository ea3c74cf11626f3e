namespace Fulfilment.Local.EventBridge.Patterns;

/// <summary>An EventBridge wildcard: literal segments separated by <c>*</c>; <c>\*</c> and <c>\\</c> are escapes.</summary>
internal sealed class Wildcard
{
    private readonly IReadOnlyList<string> _segments;

    private Wildcard(IReadOnlyList<string> segments) => _segments = segments;

    public static Wildcard Parse(string pattern)
    {
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
            {
                current.Append(pattern[++i]);
            }
            else if (c == '*')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    throw new FormatException("Consecutive wildcard characters are not allowed.");
                }

                segments.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return new Wildcard(segments);
    }

    public bool IsMatch(string text)
    {
        if (_segments.Count == 1)
        {
            return string.Equals(text, _segments[0], StringComparison.Ordinal);
        }

        // First segment anchors the start, last the end, the middle ones are found greedily left to right.
        var first = _segments[0];
        var last = _segments[^1];
        if (text.Length < first.Length + last.Length
            || !text.StartsWith(first, StringComparison.Ordinal) || !text.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        var position = first.Length;
        var end = text.Length - last.Length;
        for (var i = 1; i < _segments.Count - 1; i++)
        {
            var found = text.IndexOf(_segments[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + _segments[i].Length;
        }

        return true;
    }
}
