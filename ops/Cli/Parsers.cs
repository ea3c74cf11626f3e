using System.CommandLine.Parsing;
using System.Globalization;

namespace Fulfilment.Ops.Cli;

/// <summary>Custom value parsers, so bad values are usage errors (exit 2) caught before anything runs.</summary>
internal static class Parsers
{
    /// <summary><c>--since</c>: a duration back from now (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>) or an ISO 8601 time.</summary>
    public static DateTimeOffset? Since(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.Trim();
        if (TryDuration(text, out var duration))
        {
            return DateTimeOffset.UtcNow - duration;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        result.AddError($"--since '{text}' is neither a duration (90s, 30m, 2h, 7d) nor an ISO 8601 time.");
        return null;
    }

    /// <summary>A positive duration such as <c>30s</c>, <c>5m</c>, <c>1h</c>.</summary>
    public static TimeSpan Duration(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value.Trim();
        if (TryDuration(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration (e.g. 30s, 5m, 1h).");
        return TimeSpan.Zero;
    }

    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }

        duration = char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    /// <summary>An integer within [min, max].</summary>
    public static int Bounded(ArgumentResult result, int min, int max, string name)
    {
        var text = result.Tokens.Single().Value;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'.");
        return min;
    }
}
