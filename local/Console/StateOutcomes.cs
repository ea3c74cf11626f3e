using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Service;

namespace Fulfilment.Local.OpsConsole;

/// <summary>What happened to one state of an execution, derived from the execution history.</summary>
public sealed record StateRun(
    string Name,
    string Outcome,
    int Visits,
    string? Input,
    string? Output,
    string? Error,
    string? Cause,
    IReadOnlyList<StateFailure> Failures,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? ExitedAt,
    bool BeforeRedrive);

/// <summary>One failed attempt of a state (a task failure or timeout, a failed branch).</summary>
public sealed record StateFailure(string Type, string? Error, string? Cause, DateTimeOffset At);

/// <summary>The outcome names the console shows; a state absent from the result was not reached.</summary>
public static class Outcomes
{
    /// <summary>Completed without a failed attempt.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Completed after one or more failed attempts were retried.</summary>
    public const string Retried = "retried";

    /// <summary>Failed, and a Catch sent the execution on.</summary>
    public const string Caught = "caught";

    /// <summary>Failed, and nothing caught it: the execution failed here (or was stopped here).</summary>
    public const string Failed = "failed";

    /// <summary>Entered and still running.</summary>
    public const string Running = "running";
}

/// <summary>
/// Turns an execution history into per-state outcomes. Task and branch events are attributed to their state by walking
/// <c>previousEventId</c> back to the state's <c>*StateEntered</c> event, so concurrent Parallel branches do not mix.
/// </summary>
public static class StateOutcomes
{
    /// <summary>The outcome of every state that was entered, keyed by state name.</summary>
    public static IReadOnlyDictionary<string, StateRun> From(IReadOnlyList<HistoryEvent> history, ExecutionDescription execution)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(execution);
        var owners = new Dictionary<long, string>();
        var states = new Dictionary<string, Tracker>(StringComparer.Ordinal);
        (string? Error, string? Cause) lastExecutionFailure = (null, null);
        foreach (var e in history)
        {
            var name = e.Details?["name"]?.GetValue<string>();
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal) && name is not null)
            {
                owners[e.Id] = name;
                Track(states, name).Enter(e);
            }
            else if (e.Type.EndsWith("StateExited", StringComparison.Ordinal) && name is not null)
            {
                owners[e.Id] = name;
                Track(states, name).Exit(e);
            }
            else if (e.Type is "ExecutionFailed" or "ExecutionAborted" or "ExecutionTimedOut")
            {
                lastExecutionFailure = (e.Details?["error"]?.GetValue<string>(), e.Details?["cause"]?.GetValue<string>());
            }
            else if (e.Type == "ExecutionRedriven")
            {
                foreach (var open in states.Values.Where(s => s.Open))
                {
                    open.CloseBeforeRedrive(lastExecutionFailure.Error, lastExecutionFailure.Cause);
                }
            }
            else if (!e.Type.StartsWith("Execution", StringComparison.Ordinal) && !e.Type.StartsWith("MapIteration", StringComparison.Ordinal)
                && owners.TryGetValue(e.PreviousEventId, out var owner))
            {
                owners[e.Id] = owner;
                var tracker = Track(states, owner);
                if (e.Type.EndsWith("Failed", StringComparison.Ordinal) || e.Type.EndsWith("TimedOut", StringComparison.Ordinal))
                {
                    tracker.Fail(e);
                }
                else if (e.Type.EndsWith("Succeeded", StringComparison.Ordinal))
                {
                    tracker.Succeed();
                }
            }
        }

        return states.ToDictionary(s => s.Key, s => s.Value.Result(execution), StringComparer.Ordinal);
    }

    /// <summary>The innermost state the execution failed in (the one entered last among the failed), or null.</summary>
    public static string? FailingState(IReadOnlyDictionary<string, StateRun> states) =>
        states.Values.Where(s => s.Outcome == Outcomes.Failed && !s.BeforeRedrive).OrderByDescending(s => s.EnteredAt).FirstOrDefault()?.Name;

    private static Tracker Track(Dictionary<string, Tracker> states, string name)
    {
        if (!states.TryGetValue(name, out var tracker))
        {
            tracker = new Tracker(name);
            states[name] = tracker;
        }

        return tracker;
    }

    private sealed class Tracker(string name)
    {
        private readonly List<StateFailure> _failures = [];
        private int _visits;
        private int _visitFailures;
        private bool _lastAttemptFailed;
        private string? _outcome;
        private string? _input;
        private string? _output;
        private string? _error;
        private string? _cause;
        private DateTimeOffset? _entered;
        private DateTimeOffset? _exited;
        private bool _beforeRedrive;

        public bool Open { get; private set; }

        public void Enter(HistoryEvent e)
        {
            _visits++;
            _visitFailures = 0;
            _lastAttemptFailed = false;
            _beforeRedrive = false;
            _outcome = null;
            _error = null;
            _cause = null;
            Open = true;
            _input = e.Details?["input"]?.GetValue<string>();
            _entered = e.Timestamp;
        }

        public void Exit(HistoryEvent e)
        {
            Open = false;
            _output = e.Details?["output"]?.GetValue<string>();
            _exited = e.Timestamp;
            _outcome = _lastAttemptFailed ? Outcomes.Caught : _visitFailures > 0 ? Outcomes.Retried : Outcomes.Succeeded;
            if (!_lastAttemptFailed)
            {
                _error = null;
                _cause = null;
            }
        }

        public void Fail(HistoryEvent e)
        {
            var error = e.Details?["error"]?.GetValue<string>();
            var cause = e.Details?["cause"]?.GetValue<string>();
            _failures.Add(new StateFailure(e.Type, error, cause, e.Timestamp));
            _visitFailures++;
            _lastAttemptFailed = true;
            _error = error ?? _error;
            _cause = cause ?? _cause;
        }

        public void Succeed() => _lastAttemptFailed = false;

        public void CloseBeforeRedrive(string? error, string? cause)
        {
            Open = false;
            _outcome = Outcomes.Failed;
            _beforeRedrive = true;
            _error ??= error;
            _cause ??= cause;
        }

        public StateRun Result(ExecutionDescription execution)
        {
            var outcome = _outcome;
            var error = _error;
            var cause = _cause;
            if (Open)
            {
                outcome = execution.Status == ExecutionStatus.Running ? Outcomes.Running : Outcomes.Failed;
                if (outcome == Outcomes.Failed && error is null)
                {
                    error = execution.Error;
                    cause = execution.Cause;
                }
            }

            return new StateRun(name, outcome ?? Outcomes.Running, _visits, _input, _output, error, cause, _failures, _entered, _exited, _beforeRedrive);
        }
    }
}
