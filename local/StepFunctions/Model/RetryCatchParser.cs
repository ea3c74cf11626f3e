using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Json;

namespace Fulfilment.Local.StepFunctions.Model;

/// <summary>Parses Retry and Catch arrays with the specification's defaults and constraints.</summary>
internal static class RetryCatchParser
{
    private static readonly HashSet<string> RetryFields = new(StringComparer.Ordinal) { "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment" };
    private static readonly HashSet<string> CatchFields = new(StringComparer.Ordinal) { "ErrorEquals", "Next", "ResultPath", "Comment" };

    public static List<Retrier> ParseRetry(JsonObject obj, string pointer, ParseContext ctx)
    {
        var result = new List<Retrier>();
        foreach (var (item, p, isLast) in Items(obj, "Retry", pointer, ctx))
        {
            Unknown(item, p, RetryFields, ctx);
            var errors = ErrorEquals(item, p, isLast, ctx);
            double interval = 1, backoff = 2;
            if (item.TryGetPropertyValue("IntervalSeconds", out var iv) && (!JsonValues.TryGetInteger(iv, out var ivl) || ivl < 1))
            {
                ctx.Errors.Add(new AslError($"{p}/IntervalSeconds", "IntervalSeconds must be a positive integer."));
            }
            else if (iv is not null)
            {
                JsonValues.TryGetNumber(iv, out interval);
            }

            var maxAttempts = 3;
            if (item.TryGetPropertyValue("MaxAttempts", out var ma))
            {
                if (JsonValues.TryGetInteger(ma, out var m) && m >= 0 && m <= 99_999_999)
                {
                    maxAttempts = (int)m;
                }
                else
                {
                    ctx.Errors.Add(new AslError($"{p}/MaxAttempts", "MaxAttempts must be a non-negative integer."));
                }
            }

            if (item.TryGetPropertyValue("BackoffRate", out var br))
            {
                if (!JsonValues.TryGetNumber(br, out backoff) || backoff < 1)
                {
                    ctx.Errors.Add(new AslError($"{p}/BackoffRate", "BackoffRate must be a number of at least 1.0."));
                    backoff = 2;
                }
            }

            var maxDelay = ctx.PositiveInt(item, "MaxDelaySeconds", p);
            var jitter = ctx.String(item, "JitterStrategy", p) ?? "NONE";
            if (jitter is not ("FULL" or "NONE"))
            {
                ctx.Errors.Add(new AslError($"{p}/JitterStrategy", $"JitterStrategy must be FULL or NONE, not '{jitter}'."));
            }

            result.Add(new Retrier(errors, interval, maxAttempts, backoff, maxDelay, jitter));
        }

        return result;
    }

    public static List<Catcher> ParseCatch(JsonObject obj, string pointer, ParseContext ctx)
    {
        var result = new List<Catcher>();
        foreach (var (item, p, isLast) in Items(obj, "Catch", pointer, ctx))
        {
            Unknown(item, p, CatchFields, ctx);
            var errors = ErrorEquals(item, p, isLast, ctx);
            var next = ctx.String(item, "Next", p, required: true) ?? string.Empty;
            result.Add(new Catcher(errors, next, ctx.OptionalPath(item, "ResultPath", p, referenceOnly: true)));
        }

        return result;
    }

    private static IEnumerable<(JsonObject Item, string Pointer, bool IsLast)> Items(JsonObject obj, string field, string pointer, ParseContext ctx)
    {
        if (!obj.TryGetPropertyValue(field, out var node))
        {
            yield break;
        }

        if (node is not JsonArray array)
        {
            ctx.Errors.Add(new AslError($"{pointer}/{field}", $"'{field}' must be an array."));
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                yield return (item, $"{pointer}/{field}/{i}", i == array.Count - 1);
            }
            else
            {
                ctx.Errors.Add(new AslError($"{pointer}/{field}/{i}", "Expected an object."));
            }
        }
    }

    private static List<string> ErrorEquals(JsonObject item, string pointer, bool isLast, ParseContext ctx)
    {
        if (!item.TryGetPropertyValue("ErrorEquals", out var node) || node is not JsonArray array || array.Count == 0)
        {
            ctx.Errors.Add(new AslError($"{pointer}/ErrorEquals", "ErrorEquals must be a non-empty array of error names."));
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonValues.TryGetString(array[i], out var name) && name.Length > 0)
            {
                names.Add(name);
            }
            else
            {
                ctx.Errors.Add(new AslError($"{pointer}/ErrorEquals/{i}", "Error names must be non-empty strings."));
            }
        }

        var all = names.IndexOf("States.ALL");
        if (all >= 0 && (names.Count > 1 || !isLast))
        {
            ctx.Errors.Add(new AslError($"{pointer}/ErrorEquals/{all}", "States.ALL must appear alone in its ErrorEquals and in the last Retrier/Catcher."));
        }

        return names;
    }

    private static void Unknown(JsonObject item, string pointer, HashSet<string> allowed, ParseContext ctx)
    {
        foreach (var key in item.Select(p => p.Key).Where(k => !allowed.Contains(k)))
        {
            ctx.Errors.Add(new AslError($"{pointer}/{JsonPointer.Escape(key)}", $"Field '{key}' is not supported here."));
        }
    }
}
