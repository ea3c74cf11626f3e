using System.Security.Cryptography;
using System.Text;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;

namespace Fulfilment.Ops.Executions;

/// <summary>How a redrive run behaves.</summary>
internal sealed record RedriveOptions(bool DryRun, int MaxConcurrency, bool Wait, TimeSpan WaitTimeout);

/// <summary>
/// Redrives executions with <c>RedriveExecution</c>: each execution at most once per run (duplicates in the input are
/// dropped), only when Step Functions reports it REDRIVABLE, with a client token so a retried call cannot redrive twice.
/// </summary>
internal sealed class ExecutionRedriver(StepFunctionsClient client, ExecutionQueries queries)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<IReadOnlyList<RedriveOutcome>> RunAsync(
        IReadOnlyList<string> executionArns, RedriveOptions options, Action<RedriveOutcome> progress, CancellationToken ct)
    {
        var unique = executionArns.Distinct(StringComparer.Ordinal).ToList();
        var outcomes = new RedriveOutcome[unique.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, unique.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrency), CancellationToken = ct },
            async (i, token) =>
            {
                outcomes[i] = await RedriveOneAsync(unique[i], options, token);
                progress(outcomes[i]);
            });
        return outcomes;
    }

    private async Task<RedriveOutcome> RedriveOneAsync(string executionArn, RedriveOptions options, CancellationToken ct)
    {
        ExecutionSummary before;
        try
        {
            before = await queries.DescribeAsync(executionArn, ct);
        }
        catch (ExecutionDoesNotExistException ex)
        {
            return new RedriveOutcome(NameOf(executionArn), executionArn, "UNKNOWN", null, RedriveResult.Failed, ex.Message, null);
        }

        RedriveOutcome Outcome(RedriveResult result, string? detail, string? final = null) =>
            new(before.Name, executionArn, before.Status, before.Error, result, detail, final);

        // Checked before calling so that a dry run gives the same answer a real run would.
        if (!ExecutionQueries.Unsuccessful.Contains(before.Status) || before.RedriveStatus == "NOT_REDRIVABLE")
        {
            return Outcome(RedriveResult.NotRedrivable, before.RedriveStatusReason ?? $"Execution is {before.Status}; only FAILED, TIMED_OUT and ABORTED executions can be redriven.");
        }

        if (options.DryRun)
        {
            return Outcome(RedriveResult.WouldRedrive, $"would restart at {before.FailedState ?? "the state that did not complete"}");
        }

        try
        {
            // The token names this execution and redrive round: a retried call is idempotent, the next round is new.
            await client.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = executionArn, ClientToken = ClientToken(executionArn, before.RedriveCount) }, ct);
        }
        catch (ExecutionNotRedrivableException ex)
        {
            return Outcome(RedriveResult.NotRedrivable, ex.Message);
        }
        catch (AwsServiceException ex)
        {
            return Outcome(RedriveResult.Failed, $"{ex.ErrorCode}: {ex.Message}");
        }

        if (!options.Wait)
        {
            return Outcome(RedriveResult.Redriven, $"restarted at {before.FailedState ?? "the state that did not complete"}");
        }

        var final = await WaitForEndAsync(executionArn, options.WaitTimeout, ct);
        return final switch
        {
            null => Outcome(RedriveResult.Failed, $"still RUNNING after {options.WaitTimeout.TotalSeconds:F0} s", "RUNNING"),
            { Status: "SUCCEEDED" } => Outcome(RedriveResult.Redriven, "succeeded", final.Status),
            _ => Outcome(RedriveResult.Failed, $"ended {final.Status} again: {final.Error}: {final.Cause}", final.Status),
        };
    }

    private async Task<DescribeExecutionResponse?> WaitForEndAsync(string executionArn, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var description = await client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, ct);
            if (description.Status is not ("RUNNING" or "PENDING_REDRIVE"))
            {
                return description;
            }

            await Task.Delay(PollInterval, ct);
        }

        return null;
    }

    private static string NameOf(string executionArn) => executionArn[(executionArn.LastIndexOf(':') + 1)..];

    private static string ClientToken(string executionArn, int redriveCount)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{executionArn}#{redriveCount}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
