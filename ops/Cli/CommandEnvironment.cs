namespace Fulfilment.Ops.Cli;

/// <summary>What a command writes to and reads settings from: the real console and environment, or a test's writers.</summary>
public sealed record CommandEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> Variable);
