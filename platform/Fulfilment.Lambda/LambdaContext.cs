namespace Fulfilment.Lambda;

/// <summary>The <see cref="ILambdaContext"/> the runtime loop builds per invocation; hosts that invoke in-process build one too.</summary>
public sealed class LambdaContext : ILambdaContext
{
    /// <inheritdoc/>
    public required string AwsRequestId { get; init; }

    /// <inheritdoc/>
    public string FunctionName { get; init; } = string.Empty;

    /// <inheritdoc/>
    public string FunctionVersion { get; init; } = "$LATEST";

    /// <inheritdoc/>
    public string InvokedFunctionArn { get; init; } = string.Empty;

    /// <inheritdoc/>
    public int MemoryLimitInMB { get; init; }

    /// <inheritdoc/>
    public string LogGroupName { get; init; } = string.Empty;

    /// <inheritdoc/>
    public string LogStreamName { get; init; } = string.Empty;

    /// <inheritdoc/>
    public DateTimeOffset Deadline { get; init; } = DateTimeOffset.MaxValue;

    /// <inheritdoc/>
    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - TimeProvider.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <inheritdoc/>
    public string? TraceId { get; init; }

    /// <inheritdoc/>
    public ILambdaLogger Logger { get; init; } = NullLambdaLogger.Instance;

    /// <summary>The clock <see cref="RemainingTime"/> reads; tests may pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>A logger that drops every line.</summary>
public sealed class NullLambdaLogger : ILambdaLogger
{
    private NullLambdaLogger()
    {
    }

    /// <summary>The one (stateless) instance.</summary>
    public static NullLambdaLogger Instance { get; } = new();

    /// <inheritdoc/>
    public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
    }
}
