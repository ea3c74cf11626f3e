using System.Text.Json;
using Fulfilment.Aws.StepFunctions.Model;

namespace Fulfilment.Ops.Executions;

/// <summary>Turns an execution history into timeline rows: which state each event belongs to, and the error/cause of failures.</summary>
internal static class Timeline
{
    public static IReadOnlyList<TimelineEntry> From(IReadOnlyList<HistoryEvent> events)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var start = events[0].Timestamp;
        var entries = new List<TimelineEntry>(events.Count);
        string? state = null;
        foreach (var e in events)
        {
            state = e.StateEnteredEventDetails?.Name ?? e.StateExitedEventDetails?.Name ?? state;
            var (error, cause) = ErrorOf(e);
            entries.Add(new TimelineEntry(e.Id, e.Timestamp, (e.Timestamp - start).TotalSeconds, e.Type, state, error, cause, IsFailure(e.Type)));
        }

        return entries;
    }

    /// <summary>
    /// Where an execution failed: the state of the last step failure (a refund that failed before the Catch led to the
    /// CompensationFailed Fail state names RefundPayment, not the Fail state); for an ABORTED execution, or one without
    /// step failures, the last state entered.
    /// </summary>
    /// <param name="events">History events in chronological order.</param>
    /// <param name="status">The execution's status.</param>
    public static string? FailedState(IReadOnlyList<HistoryEvent> events, string status)
    {
        string? entered = null;
        string? failed = null;
        foreach (var e in events)
        {
            entered = e.StateEnteredEventDetails?.Name ?? entered;
            if (IsFailure(e.Type) && !e.Type.StartsWith("Execution", StringComparison.Ordinal))
            {
                failed = entered;
            }
        }

        return status == "ABORTED" ? entered : failed ?? entered;
    }

    public static bool IsFailure(string type) =>
        type.EndsWith("Failed", StringComparison.Ordinal) || type.EndsWith("TimedOut", StringComparison.Ordinal) || type.EndsWith("Aborted", StringComparison.Ordinal);

    private static (string? Error, string? Cause) ErrorOf(HistoryEvent e)
    {
        if ((e.ExecutionFailedEventDetails ?? e.ExecutionAbortedEventDetails) is { } typed)
        {
            return (typed.Error, typed.Cause);
        }

        // Every other failure (TaskFailed, LambdaFunctionFailed, ExecutionTimedOut, ...) carries error/cause in its own details member.
        foreach (var (_, details) in e.OtherDetails ?? [])
        {
            if (details.ValueKind == JsonValueKind.Object && (details.TryGetProperty("error", out _) || details.TryGetProperty("cause", out _)))
            {
                return (Text(details, "error"), Text(details, "cause"));
            }
        }

        return (null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
