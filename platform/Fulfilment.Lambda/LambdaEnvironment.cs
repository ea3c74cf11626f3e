using System.Globalization;

namespace Fulfilment.Lambda;

/// <summary>The settings the runtime reads from the process environment (the variables AWS Lambda sets).</summary>
public sealed record LambdaEnvironment
{
    /// <summary><c>AWS_LAMBDA_RUNTIME_API</c>: host:port of the Runtime API.</summary>
    public string? RuntimeApi { get; init; }

    /// <summary><c>_HANDLER</c>: the handler name (the image's <c>CMD</c>).</summary>
    public string? Handler { get; init; }

    /// <summary><c>AWS_LAMBDA_FUNCTION_NAME</c>.</summary>
    public string FunctionName { get; init; } = string.Empty;

    /// <summary><c>AWS_LAMBDA_FUNCTION_VERSION</c>.</summary>
    public string FunctionVersion { get; init; } = "$LATEST";

    /// <summary><c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>.</summary>
    public int MemoryLimitInMB { get; init; }

    /// <summary><c>AWS_LAMBDA_LOG_GROUP_NAME</c>.</summary>
    public string LogGroupName { get; init; } = string.Empty;

    /// <summary><c>AWS_LAMBDA_LOG_STREAM_NAME</c>.</summary>
    public string LogStreamName { get; init; } = string.Empty;

    /// <summary><c>AWS_LAMBDA_LOG_LEVEL</c> (advanced logging controls); lines below it are dropped.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Whether SIGTERM (and SIGINT) stop the loop gracefully; off for loops hosted inside another process (tests).</summary>
    public bool HandleSigterm { get; init; } = true;

    /// <summary>Whether <c>_X_AMZN_TRACE_ID</c> is set per invocation; off when several loops share a process.</summary>
    public bool SetTraceEnvironmentVariable { get; init; } = true;

    /// <summary>Reads the settings from the current process environment.</summary>
    public static LambdaEnvironment FromProcess() => From(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings from <paramref name="variables"/> (a variable lookup).</summary>
    public static LambdaEnvironment From(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new()
        {
            RuntimeApi = variables("AWS_LAMBDA_RUNTIME_API"),
            Handler = variables("_HANDLER"),
            FunctionName = variables("AWS_LAMBDA_FUNCTION_NAME") ?? string.Empty,
            FunctionVersion = variables("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            MemoryLimitInMB = int.TryParse(variables("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : 0,
            LogGroupName = variables("AWS_LAMBDA_LOG_GROUP_NAME") ?? string.Empty,
            LogStreamName = variables("AWS_LAMBDA_LOG_STREAM_NAME") ?? string.Empty,
            MinimumLogLevel = ParseLevel(variables("AWS_LAMBDA_LOG_LEVEL")),
        };
    }

    private static LogLevel ParseLevel(string? value) => value?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
