using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace Fulfilment.Ops.Cli;

/// <summary>Where a command's results go: Spectre tables for people, or one JSON document for scripts.</summary>
internal sealed class OpsOutput
{
    private readonly CommandEnvironment _environment;

    public OpsOutput(CommandEnvironment environment, bool json)
    {
        _environment = environment;
        Json = json;
        var isTerminal = ReferenceEquals(environment.Out, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Out),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            // Redirected output is read by tools and tests: do not wrap table cells at 80 columns.
            Console.Profile.Width = 400;
        }
    }

    /// <summary>True when <c>--json</c> was given.</summary>
    public bool Json { get; }

    /// <summary>The console for tables, trees, progress (never written to when <see cref="Json"/>).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>True when progress bars can be drawn (a real terminal, not JSON).</summary>
    public bool CanShowProgress => !Json && Console.Profile.Capabilities.Interactive;

    public Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo) =>
        _environment.Out.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>A progress or status line for people; goes to stderr so stdout stays parseable.</summary>
    public Task NoteAsync(string line) => _environment.Error.WriteLineAsync(line);

    public void Line(string markup)
    {
        if (!Json)
        {
            Console.MarkupLine(markup);
        }
    }

    public static string Escape(string? text) => Markup.Escape(text ?? "");
}
