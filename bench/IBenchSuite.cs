namespace Fulfilment.Bench;

/// <summary>One benchmark suite: a name for the command line and a run that prints a table and returns the rows.</summary>
public interface IBenchSuite
{
    /// <summary>The name given on the command line, e.g. <c>inventory</c>.</summary>
    string Name { get; }

    /// <summary>One line that says what the suite measures.</summary>
    string Description { get; }

    /// <summary>Runs the suite and returns its result as a Markdown section (table plus notes) for docs/benchmarks.md.</summary>
    Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}
