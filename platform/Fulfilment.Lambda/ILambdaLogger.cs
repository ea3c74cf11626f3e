namespace Fulfilment.Lambda;

/// <summary>Severity of a log line; the same names and order as <c>Amazon.Lambda.Core.LogLevel</c>.</summary>
public enum LogLevel
{
    /// <summary>Very detailed diagnostics.</summary>
    Trace = 0,

    /// <summary>Diagnostics useful while developing.</summary>
    Debug = 1,

    /// <summary>The normal flow of an invocation.</summary>
    Information = 2,

    /// <summary>Something unexpected that the invocation survived.</summary>
    Warning = 3,

    /// <summary>The invocation failed.</summary>
    Error = 4,

    /// <summary>The process cannot go on.</summary>
    Critical = 5,
}

/// <summary>Writes one structured JSON log line per call (fields such as <c>orderId</c>, <c>correlationId</c>).</summary>
public interface ILambdaLogger
{
    /// <summary>Writes <paramref name="message"/> at <paramref name="level"/> with optional structured fields.</summary>
    void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? fields = null);
}

/// <summary>Convenience methods over <see cref="ILambdaLogger.Log"/>.</summary>
public static class LambdaLoggerExtensions
{
    /// <summary>Logs at <see cref="LogLevel.Debug"/>.</summary>
    public static void Debug(this ILambdaLogger logger, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(LogLevel.Debug, message, fields);
    }

    /// <summary>Logs at <see cref="LogLevel.Information"/>.</summary>
    public static void Info(this ILambdaLogger logger, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(LogLevel.Information, message, fields);
    }

    /// <summary>Logs at <see cref="LogLevel.Warning"/>.</summary>
    public static void Warn(this ILambdaLogger logger, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(LogLevel.Warning, message, fields);
    }

    /// <summary>Logs at <see cref="LogLevel.Error"/>.</summary>
    public static void Error(this ILambdaLogger logger, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(LogLevel.Error, message, fields);
    }

    /// <summary>Logs an exception at <see cref="LogLevel.Error"/> with its type and message as fields.</summary>
    public static void Error(this ILambdaLogger logger, Exception exception, string message, IReadOnlyDictionary<string, object?>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(exception);
        var all = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["exceptionType"] = exception.GetType().Name,
            ["exceptionMessage"] = exception.Message,
        };
        if (fields is not null)
        {
            foreach (var (key, value) in fields)
            {
                all[key] = value;
            }
        }

        logger.Log(LogLevel.Error, message, all);
    }
}
