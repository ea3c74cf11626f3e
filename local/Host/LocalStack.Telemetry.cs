using Fulfilment.Lambda.Tracing;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fulfilment.Local.Host;

public sealed partial class LocalStack
{
    /// <summary>Every span source of the system: the API (<c>Fulfilment.Api</c>), intake (<c>Fulfilment.Order</c>), the step runtime (<c>Fulfilment.Lambda</c>).</summary>
    public const string ActivitySources = TelemetrySettings.ActivitySources;

    /// <summary>
    /// Starts the OpenTelemetry SDK when the standard variables ask for it, and only then (off by default, so the spans
    /// cost one bare <see cref="System.Diagnostics.Activity"/> each): <c>OTEL_TRACES_EXPORTER</c> = <c>console</c>,
    /// <c>otlp</c> or both (comma-separated), or an <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> /
    /// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> (OTLP); <c>OTEL_SDK_DISABLED=true</c> or <c>OTEL_TRACES_EXPORTER=none</c>
    /// turns it off. The OTLP exporter reads its own variables (endpoint, protocol, headers); <c>OTEL_SERVICE_NAME</c>
    /// names the service (default <c>fulfilment-local</c>). It sees the API and in-process functions; function processes
    /// inherit the same variables and export their own spans (<see cref="LambdaTelemetry"/>, docs/tracing.md), each under
    /// its function name. Dispose the result when the stack stops: it flushes what is buffered.
    /// </summary>
    public static TracerProvider? StartTelemetry(Func<string, string?> environment, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        var (console, otlp) = Exporters(environment);
        if (!console && !otlp)
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(environment("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "fulfilment-local"))
            .AddSource(ActivitySources);
        if (console)
        {
            builder.AddConsoleExporter(o => o.Targets = ConsoleExporterOutputTargets.Console);
        }

        if (otlp)
        {
            builder.AddOtlpExporter();
        }

        log($"[telemetry] exporting traces of {ActivitySources} to {new TelemetrySettings(console, otlp).Describe()}.");
        return builder.Build();
    }

    /// <summary>Which exporters the environment asks for (both false: tracing export is off); the rule is <see cref="TelemetrySettings"/>.</summary>
    internal static (bool Console, bool Otlp) Exporters(Func<string, string?> environment)
    {
        var settings = TelemetrySettings.FromEnvironment(environment);
        return (settings.Console, settings.Otlp);
    }
}
