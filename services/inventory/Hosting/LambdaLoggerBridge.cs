using Fulfilment.Lambda;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Fulfilment.Inventory.Hosting;

/// <summary>
/// Sends the service's <see cref="Microsoft.Extensions.Logging.ILogger"/> lines to the runtime's JSON logger, with the
/// message template's values as camelCase fields (<c>orderId</c>, <c>correlationId</c>, ...).
/// </summary>
public sealed class LambdaLoggerBridge<T> : Microsoft.Extensions.Logging.ILogger<T>
{
    private readonly ILambdaLogger target;
    private readonly MsLogLevel minimum;

    /// <summary>Creates a bridge writing lines at or above <paramref name="minimum"/> to <paramref name="target"/>.</summary>
    public LambdaLoggerBridge(ILambdaLogger target, MsLogLevel minimum = MsLogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = target;
        this.minimum = minimum;
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(MsLogLevel logLevel) => logLevel != MsLogLevel.None && logLevel >= minimum;

    /// <inheritdoc />
    public void Log<TState>(MsLogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key != "{OriginalFormat}" && key.Length > 0)
                {
                    fields[char.ToLowerInvariant(key[0]) + key[1..]] = value?.ToString();
                }
            }
        }

        if (exception is not null)
        {
            fields["exceptionType"] = exception.GetType().Name;
            fields["exceptionMessage"] = exception.Message;
        }

        target.Log((LogLevel)(int)logLevel, formatter(state, exception), fields);
    }
}
