using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fulfilment.Lambda.Tracing;

/// <summary>
/// The OpenTelemetry SDK of one function process, started only when the standard variables ask for an exporter
/// (<see cref="TelemetrySettings"/>). The runtime flushes it after each invocation's result is posted and before it asks
/// for the next event: Lambda freezes a sandbox that waits on <c>next</c>, and a frozen sandbox exports nothing.
/// </summary>
public sealed class LambdaTelemetry : IDisposable
{
    // Bounds the per-invocation flush: an unreachable collector slows the sandbox by at most this, never the caller,
    // whose result was posted before the flush.
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(2);

    private readonly TracerProvider _provider;

    private LambdaTelemetry(TracerProvider provider, TelemetrySettings settings, string serviceName)
    {
        _provider = provider;
        Settings = settings;
        ServiceName = serviceName;
    }

    /// <summary>The exporters in use.</summary>
    public TelemetrySettings Settings { get; }

    /// <summary>The resource's <c>service.name</c>: <c>OTEL_SERVICE_NAME</c>, else the function name (Lambda's convention).</summary>
    public string ServiceName { get; }

    /// <summary>
    /// Starts the SDK for every <c>Fulfilment.*</c> source, or returns null when no exporter is asked for (the default:
    /// the spans stay bare activities that only stamp log lines). The OTLP exporter reads its own variables
    /// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c>, <c>_HEADERS</c>, <c>_TIMEOUT</c>).
    /// </summary>
    public static LambdaTelemetry? Start(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (TelemetrySettings.Misconfiguration(environment) is { } problem)
        {
            // A function must not refuse to run over a tracing variable: say so where its logs go, export what is known.
            Console.Error.WriteLine($"[telemetry] warning: {problem}");
        }

        var settings = TelemetrySettings.FromEnvironment(environment);
        if (!settings.Enabled)
        {
            return null;
        }

        var function = environment("AWS_LAMBDA_FUNCTION_NAME");
        var service = environment("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : function is { Length: > 0 } ? function : "fulfilment-lambda";
        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r =>
            {
                r.AddService(service);
                if (function is { Length: > 0 })
                {
                    r.AddAttributes(
                    [
                        new KeyValuePair<string, object>("faas.name", function),
                        new KeyValuePair<string, object>("faas.version", environment("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST"),
                    ]);
                }
            })
            .AddSource(TelemetrySettings.ActivitySources);
        if (settings.Console)
        {
            builder.AddConsoleExporter(o => o.Targets = ConsoleExporterOutputTargets.Console);
        }

        if (settings.Otlp)
        {
            builder.AddOtlpExporter();
        }

        return new LambdaTelemetry(builder.Build(), settings, service);
    }

    /// <summary>Exports what has ended so far; false when the exporters did not finish within the bound.</summary>
    public bool Flush() => _provider.ForceFlush((int)FlushTimeout.TotalMilliseconds);

    /// <summary>Flushes and stops the exporters (bounded), then releases them.</summary>
    public void Dispose()
    {
        _provider.Shutdown((int)FlushTimeout.TotalMilliseconds);
        _provider.Dispose();
    }
}
