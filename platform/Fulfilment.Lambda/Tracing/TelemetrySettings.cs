namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// Which trace exporters the standard OpenTelemetry variables ask for; both false (the default) means no SDK is started.
/// One rule for the local host and every function process, so a variable means the same thing everywhere.
/// </summary>
public sealed record TelemetrySettings(bool Console, bool Otlp)
{
    /// <summary>Every span source of the system: the API (<c>Fulfilment.Api</c>), intake (<c>Fulfilment.Order</c>), the step runtime (<c>Fulfilment.Lambda</c>).</summary>
    public const string ActivitySources = "Fulfilment.*";

    /// <summary>No exporter: tracing export is off.</summary>
    public static TelemetrySettings Off { get; } = new(false, false);

    /// <summary>Whether any exporter is asked for.</summary>
    public bool Enabled => Console || Otlp;

    /// <summary>What the exporters are, in words, for the start-up log line.</summary>
    public string Describe() => Console && Otlp ? "the console and OTLP" : Console ? "the console" : Otlp ? "OTLP" : "nowhere";

    /// <summary>The exporter names this system ships (and <c>none</c>): any other name in <c>OTEL_TRACES_EXPORTER</c> is a mistake.</summary>
    public static IReadOnlyList<string> KnownExporters { get; } = ["console", "otlp", "none"];

    /// <summary>
    /// What is wrong with <c>OTEL_TRACES_EXPORTER</c>, or null: a name that is not one of <see cref="KnownExporters"/>
    /// (a typo, or an exporter such as <c>zipkin</c> that is not built in) would otherwise export nothing without a word.
    /// </summary>
    public static string? Misconfiguration(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var unknown = (environment("OTEL_TRACES_EXPORTER") ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(name => !KnownExporters.Contains(name, StringComparer.OrdinalIgnoreCase))
            .ToList();
        return unknown.Count == 0
            ? null
            : $"OTEL_TRACES_EXPORTER names {string.Join(", ", unknown.Select(n => $"'{n}'"))}, which this system does not ship: use {string.Join(", ", KnownExporters)} (comma-separated) or unset it.";
    }

    /// <summary>
    /// <c>OTEL_TRACES_EXPORTER</c> = <c>console</c>, <c>otlp</c> or both (comma-separated); without it, an
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> means OTLP; <c>OTEL_SDK_DISABLED=true</c>
    /// or <c>OTEL_TRACES_EXPORTER=none</c> turns everything off.
    /// </summary>
    public static TelemetrySettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return Off;
        }

        var endpoint = environment("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is { Length: > 0 } || environment("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 };
        if (environment("OTEL_TRACES_EXPORTER") is not { Length: > 0 } exporters)
        {
            return endpoint ? new TelemetrySettings(false, true) : Off;
        }

        var names = exporters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new TelemetrySettings(
            names.Contains("console", StringComparer.OrdinalIgnoreCase),
            names.Contains("otlp", StringComparer.OrdinalIgnoreCase));
    }
}
