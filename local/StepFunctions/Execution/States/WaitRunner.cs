using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>Wait: Seconds, Timestamp, SecondsPath or TimestampPath on the effective input, then the effective input as output.</summary>
internal sealed class WaitRunner(IEngineClock clock)
{
    public async ValueTask<Transition> RunAsync(Step step)
    {
        var state = (WaitState)step.State;
        var effective = state.Flow.Effective(step.Input);
        if (step.Run.Flush is { } flush)
        {
            await flush(step.Cancellation);
        }

        await clock.DelayAsync(WaitTime(state, effective), step.Cancellation);
        return step.Exit(state.Flow.Output(step, effective), state.Next);
    }

    private TimeSpan WaitTime(WaitState wait, StateValue input)
    {
        if (wait.Seconds is { } seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (wait.Timestamp is { } at)
        {
            return at - clock.UtcNow;
        }

        if (wait.SecondsPath is { } sp)
        {
            return sp.TryEvaluate(input.Node, out var v) && JsonValues.TryGetInteger(v, out var s) && s >= 0
                ? TimeSpan.FromSeconds(s)
                : throw new StatesException(StatesErrors.Runtime, $"Invalid path '{sp.Text}': The SecondsPath parameter does not reference a valid non-negative integer.");
        }

        var tp = wait.TimestampPath!;
        return tp.TryEvaluate(input.Node, out var t) && JsonValues.TryGetString(t, out var ts) && ComparisonRule.TryParseTimestamp(ts, out var when)
            ? when - clock.UtcNow
            : throw new StatesException(StatesErrors.Runtime, $"Invalid path '{tp.Text}': The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string.");
    }
}
