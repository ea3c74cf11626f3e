using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Executions;

/// <summary>Reads executions through the Step Functions API: paginated listing, descriptions, the failing state, the history.</summary>
internal sealed class ExecutionQueries(StepFunctionsClient client)
{
    /// <summary>Statuses whose executions ops redrive (RedriveExecution accepts exactly these).</summary>
    public static readonly IReadOnlyList<string> Unsuccessful = ["FAILED", "TIMED_OUT", "ABORTED"];

    public static readonly IReadOnlyList<string> AllStatuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

    private const int DescribeConcurrency = 8;

    public async Task<string> StateMachineArnAsync(string nameOrArn, CancellationToken ct)
    {
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return nameOrArn;
        }

        string? token = null;
        do
        {
            var page = await client.ListStateMachinesAsync(new ListStateMachinesRequest { MaxResults = 100, NextToken = token }, ct);
            if (page.StateMachines.FirstOrDefault(m => m.Name == nameOrArn) is { } found)
            {
                return found.StateMachineArn;
            }

            token = page.NextToken;
        }
        while (token is not null);

        throw new OpsException($"No state machine named '{nameOrArn}' at {client.Endpoint} ({client.Region}). Check --endpoint-url/--region, or pass --state-machine.");
    }

    /// <summary>An execution ARN from an ARN or an execution name (the order id).</summary>
    public static string ExecutionArn(string stateMachineArn, string id) =>
        id.StartsWith("arn:", StringComparison.Ordinal)
            ? id
            : stateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + id;

    /// <summary>Lists executions with the given statuses (null: all) started since <paramref name="since"/>, described when unsuccessful.</summary>
    public async Task<IReadOnlyList<ExecutionSummary>> ListAsync(
        string stateMachineArn, IReadOnlyList<string>? statuses, DateTimeOffset? since, string? error, int limit, CancellationToken ct)
    {
        var items = new List<ExecutionListItem>();
        foreach (var status in statuses ?? [null!])
        {
            string? token = null;
            do
            {
                var page = await client.ListExecutionsAsync(
                    new ListExecutionsRequest { StateMachineArn = stateMachineArn, StatusFilter = status, MaxResults = 100, NextToken = token }, ct);
                items.AddRange(page.Executions.Where(e => since is null || e.StartDate >= since));

                // ListExecutions answers newest first: once a page reaches before --since, later pages are older still.
                token = since is not null && page.Executions.Count > 0 && page.Executions[^1].StartDate < since ? null : page.NextToken;
            }
            while (token is not null);
        }

        var summaries = await DescribeAllAsync(items.OrderByDescending(e => e.StartDate).DistinctBy(e => e.ExecutionArn).ToList(), ct);
        return summaries
            .Where(s => error is null || string.Equals(s.Error, error, StringComparison.Ordinal))
            .Take(limit)
            .ToList();
    }

    public async Task<ExecutionSummary> DescribeAsync(string executionArn, CancellationToken ct)
    {
        var description = await client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, ct);
        var failedState = Unsuccessful.Contains(description.Status) ? await FailedStateAsync(executionArn, description.Status, ct) : null;
        return new ExecutionSummary(
            description.Name ?? executionArn[(executionArn.LastIndexOf(':') + 1)..],
            description.ExecutionArn,
            description.Status,
            description.StartDate,
            description.StopDate,
            description.Error,
            description.Cause,
            failedState,
            description.RedriveCount ?? 0,
            description.RedriveStatus,
            description.RedriveStatusReason);
    }

    public async Task<ExecutionDetail> DetailAsync(string executionArn, CancellationToken ct)
    {
        var description = await client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, ct);
        var events = new List<HistoryEvent>();
        string? token = null;
        do
        {
            var page = await client.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000, NextToken = token }, ct);
            events.AddRange(page.Events);
            token = page.NextToken;
        }
        while (token is not null);

        var timeline = Timeline.From(events);
        var summary = new ExecutionSummary(
            description.Name ?? "", description.ExecutionArn, description.Status, description.StartDate, description.StopDate,
            description.Error, description.Cause, Unsuccessful.Contains(description.Status) ? Timeline.FailedState(events, description.Status) : null,
            description.RedriveCount ?? 0, description.RedriveStatus, description.RedriveStatusReason);
        return new ExecutionDetail(summary, description.Input, description.Output, timeline);
    }

    /// <summary>Where the execution failed (<see cref="Timeline.FailedState"/>), from the last 100 history events.</summary>
    public async Task<string?> FailedStateAsync(string executionArn, string status, CancellationToken ct)
    {
        var page = await client.GetExecutionHistoryAsync(
            new GetExecutionHistoryRequest { ExecutionArn = executionArn, ReverseOrder = true, MaxResults = 100, IncludeExecutionData = false }, ct);
        return Timeline.FailedState([.. page.Events.Reverse()], status);
    }

    private async Task<IReadOnlyList<ExecutionSummary>> DescribeAllAsync(List<ExecutionListItem> items, CancellationToken ct)
    {
        var results = new ExecutionSummary[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = DescribeConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var item = items[i];
                results[i] = Unsuccessful.Contains(item.Status)
                    ? await DescribeAsync(item.ExecutionArn, token)
                    : new ExecutionSummary(item.Name, item.ExecutionArn, item.Status, item.StartDate, item.StopDate, null, null, null, item.RedriveCount ?? 0, null, null);
            });
        return results;
    }
}
