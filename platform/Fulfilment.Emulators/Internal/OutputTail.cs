using System.Diagnostics;

namespace Fulfilment.Emulators.Internal;

/// <summary>Drains a child's stdout and stderr (so its pipes never fill) and keeps the last lines for error messages.</summary>
internal sealed class OutputTail
{
    private readonly Queue<string> lines = new();
    private readonly int maxLines;
    private readonly Lock gate = new();

    public OutputTail(Process process, int maxLines)
    {
        this.maxLines = maxLines;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', lines);
            }
        }
    }

    public bool Contains(string fragment)
    {
        lock (gate)
        {
            return lines.Any(l => l.Contains(fragment, StringComparison.OrdinalIgnoreCase));
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            lines.Enqueue(line);
            while (lines.Count > maxLines)
            {
                lines.Dequeue();
            }
        }
    }
}
