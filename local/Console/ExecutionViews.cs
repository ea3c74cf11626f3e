using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Service;

namespace Fulfilment.Local.OpsConsole;

/// <summary>One row of the executions list.</summary>
public sealed record ExecutionRow(
    string Name,
    string ExecutionArn,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    double? DurationSeconds,
    string? FailingState,
    string? Error,
    string? Cause,
    int RedriveCount);

/// <summary>The executions list after filtering, newest first.</summary>
public sealed record ExecutionList(IReadOnlyList<ExecutionRow> Items, int Total, bool Truncated);

/// <summary>Filters of the executions list; null means "any".</summary>
public sealed record ExecutionFilter(string? Status, string? Error, DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>One history event, with the state it belongs to.</summary>
public sealed record TimelineEvent(long Id, long PreviousEventId, string Type, DateTimeOffset Timestamp, string? State, JsonObject? Details);

/// <summary>Everything the execution view draws: the description, the ASL, per-state outcomes and the history.</summary>
public sealed record ExecutionDetail(
    ExecutionDescription Execution,
    string Definition,
    IReadOnlyList<StateRun> States,
    string? FailingState,
    IReadOnlyList<TimelineEvent> History);

/// <summary>The execution list and view, redrive and stop, over the engine's service API.</summary>
public sealed class ExecutionViews(IConsoleSources sources)
{
    // A stopped execution's failing state changes only with a redrive, so the list (polled every few seconds) reads each
    // history once per stop instead of on every refresh. Bounded: cleared when it outgrows what one list can show.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Arn, int RedriveCount, string Status), (string? State, string? Error, string? Cause)> _failures = new();

    /// <summary>How many executions the list looks at, newest first: enough for a local run, bounded for the history reads.</summary>
    public const int MaxListed = 500;

    /// <summary>The executions matching <paramref name="filter"/>; failed ones carry their failing state and error.</summary>
    public async Task<ExecutionList> ListAsync(ExecutionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var machine = await StateMachineArnAsync(cancellationToken);
        var items = new List<ExecutionListItem>();
        string? next = null;
        do
        {
            var page = await sources.Engine.ListExecutionsAsync(machine, filter.Status, 100, next, cancellationToken);
            items.AddRange(page.Items);
            next = page.NextToken;
        }
        while (next is not null && items.Count < MaxListed);

        var rows = new List<ExecutionRow>();
        foreach (var item in items.Take(MaxListed))
        {
            if ((filter.Since is { } since && item.StartDate < since) || (filter.Until is { } until && item.StartDate > until))
            {
                continue;
            }

            string? failingState = null, error = null, cause = null;
            if (item.Status is not (ExecutionStatus.Running or ExecutionStatus.Succeeded))
            {
                (failingState, error, cause) = await FailureAsync(item, cancellationToken);
            }

            if (filter.Error is { Length: > 0 } wanted && (error is null || !error.Contains(wanted, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var duration = item.StopDate is { } stop ? (stop - item.StartDate).TotalSeconds : (double?)null;
            rows.Add(new ExecutionRow(item.Name, item.ExecutionArn, item.Status, item.StartDate, item.StopDate, duration, failingState, error, cause, item.RedriveCount));
        }

        return new ExecutionList(rows, rows.Count, items.Count > MaxListed || next is not null);
    }

    /// <summary>The execution named <paramref name="name"/> (the order id) with its ASL, outcomes and history.</summary>
    public async Task<ExecutionDetail> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        var machine = await sources.Engine.DescribeStateMachineAsync(await StateMachineArnAsync(cancellationToken), cancellationToken);
        var arn = ExecutionArn(machine.StateMachineArn, name);
        var description = await sources.Engine.DescribeExecutionAsync(arn, cancellationToken);
        var history = await HistoryAsync(arn, cancellationToken);
        var states = StateOutcomes.From(history, description);
        var owners = new Dictionary<long, string>();
        var timeline = new List<TimelineEvent>(history.Count);
        foreach (var e in history)
        {
            var state = e.Details?["name"]?.GetValue<string>() ?? owners.GetValueOrDefault(e.PreviousEventId);
            if (state is not null && !e.Type.StartsWith("Execution", StringComparison.Ordinal))
            {
                owners[e.Id] = state;
            }
            else
            {
                state = null;
            }

            timeline.Add(new TimelineEvent(e.Id, e.PreviousEventId, e.Type, e.Timestamp, state, e.Details));
        }

        return new ExecutionDetail(description, machine.Definition, [.. states.Values], StateOutcomes.FailingState(states), timeline);
    }

    /// <summary>RedriveExecution; the engine refuses executions that are not redrivable, with the reason.</summary>
    public async Task<DateTimeOffset> RedriveAsync(string name, CancellationToken cancellationToken) =>
        await sources.Engine.RedriveExecutionAsync(ExecutionArn(await StateMachineArnAsync(cancellationToken), name), cancellationToken);

    /// <summary>StopExecution, with an error and cause that say who stopped it.</summary>
    public async Task<DateTimeOffset> StopAsync(string name, CancellationToken cancellationToken) =>
        await sources.Engine.StopExecutionAsync(
            ExecutionArn(await StateMachineArnAsync(cancellationToken), name), "Console.Stopped", "Stopped by an operator from the execution console.", cancellationToken);

    private async Task<(string? State, string? Error, string? Cause)> FailureAsync(ExecutionListItem item, CancellationToken cancellationToken)
    {
        var key = (item.ExecutionArn, item.RedriveCount, item.Status);
        if (_failures.TryGetValue(key, out var known))
        {
            return known;
        }

        var description = await sources.Engine.DescribeExecutionAsync(item.ExecutionArn, cancellationToken);
        var states = StateOutcomes.From(await HistoryAsync(item.ExecutionArn, cancellationToken), description);
        var failure = (StateOutcomes.FailingState(states), description.Error, description.Cause);
        if (_failures.Count > 4 * MaxListed)
        {
            _failures.Clear();
        }

        _failures[key] = failure;
        return failure;
    }

    private static string ExecutionArn(string stateMachineArn, string name) =>
        stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    private async Task<string> StateMachineArnAsync(CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var page = await sources.Engine.ListStateMachinesAsync(100, next, cancellationToken);
            if (page.Items.FirstOrDefault(m => m.Name == sources.StateMachineName) is { } found)
            {
                return found.StateMachineArn;
            }

            next = page.NextToken;
        }
        while (next is not null);

        throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineDoesNotExist, $"State machine '{sources.StateMachineName}' does not exist.");
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string arn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? next = null;
        do
        {
            var page = await sources.Engine.GetExecutionHistoryAsync(arn, 1000, next, cancellationToken: cancellationToken);
            events.AddRange(page.Items);
            next = page.NextToken;
        }
        while (next is not null);

        return events;
    }
}
