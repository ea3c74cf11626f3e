using Fulfilment.Lambda.Internal;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Lambda;

/// <summary>
/// The entry point of every service executable: <c>return await LambdaHost.RunAsync(r => r.Add(...));</c>.
/// Reads <c>AWS_LAMBDA_RUNTIME_API</c> and <c>_HANDLER</c>, runs <c>configure</c> once at init, then serves
/// invocations until SIGTERM or SIGINT (exit 0). Init failures are posted to <c>/init/error</c> and exit non-zero.
/// With <c>OTEL_TRACES_EXPORTER</c> or an OTLP endpoint set, the process exports its spans (<see cref="LambdaTelemetry"/>).
/// </summary>
public static class LambdaHost
{
    /// <summary>Exit code after a failed init (bad configuration, unknown handler, configure threw).</summary>
    public const int InitErrorExitCode = 1;

    /// <summary>Exit code when the Runtime API cannot be reached (the sandbox is going away).</summary>
    public const int RuntimeApiErrorExitCode = 2;

    /// <summary>Exit code when an invocation ran past its deadline and would not stop: the sandbox must be replaced.</summary>
    public const int HungInvocationExitCode = 3;

    /// <summary>Runs the runtime loop for the handler that <c>_HANDLER</c> names.</summary>
    public static Task<int> RunAsync(Action<LambdaHandlerRegistry> configure, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return RunWithTelemetryAsync(configure, Environment.GetEnvironmentVariable, ct);
    }

    /// <summary>Runs the loop of a process whose settings and exporters come from <paramref name="variables"/>.</summary>
    internal static async Task<int> RunWithTelemetryAsync(Action<LambdaHandlerRegistry> configure, Func<string, string?> variables, CancellationToken ct)
    {
        var environment = LambdaEnvironment.From(variables);
        using var telemetry = LambdaTelemetry.Start(variables);
        using var loop = new LambdaRuntimeLoop(environment, new JsonLogSink(Console.OpenStandardOutput(), environment.MinimumLogLevel), telemetry);
        return await loop.RunAsync(configure, ct);
    }

    /// <summary>Runs the loop with explicit settings and log output (in-process tests, benchmarks).</summary>
    public static async Task<int> RunAsync(Action<LambdaHandlerRegistry> configure, LambdaEnvironment environment, Stream logOutput, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(logOutput);
        using var loop = new LambdaRuntimeLoop(environment, new JsonLogSink(logOutput, environment.MinimumLogLevel));
        return await loop.RunAsync(configure, ct);
    }
}
