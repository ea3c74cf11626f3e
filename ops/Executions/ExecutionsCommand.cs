using System.CommandLine;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Ops.Cli;
using Spectre.Console;

namespace Fulfilment.Ops.Executions;

/// <summary>`fulfil executions list|show|redrive|stop`.</summary>
internal static class ExecutionsCommand
{
    public static Command Build(GlobalOptions globals, CommandEnvironment environment)
    {
        var command = new Command("executions", "Step Functions executions of the order workflow: list, inspect, redrive, stop.");
        command.Subcommands.Add(List(globals, environment));
        command.Subcommands.Add(Show(globals, environment));
        command.Subcommands.Add(Redrive(globals, environment));
        command.Subcommands.Add(Stop(globals, environment));
        return command;
    }

    private static Option<string?> StatusOption(string description)
    {
        var option = new Option<string?>("--status") { Description = description };
        option.AcceptOnlyFromAmong([.. ExecutionQueries.AllStatuses]);
        return option;
    }

    private static Option<DateTimeOffset?> SinceOption() =>
        new("--since") { Description = "Only executions started in this window (90s, 30m, 2h, 7d) or since an ISO 8601 time.", CustomParser = Parsers.Since };

    private static Option<string?> ErrorOption() =>
        new("--error") { Description = "Only executions that stopped with this error name (e.g. CompensationFailed, InventoryUnavailable)." };

    private static Command List(GlobalOptions globals, CommandEnvironment environment)
    {
        var status = StatusOption("Only this status (FAILED, RUNNING, SUCCEEDED, TIMED_OUT, ABORTED, PENDING_REDRIVE).");
        var since = SinceOption();
        var error = ErrorOption();
        var limit = new Option<int>("--limit") { Description = "At most this many rows.", DefaultValueFactory = _ => 1000, CustomParser = r => Parsers.Bounded(r, 1, 100_000, "--limit") };
        var command = new Command("list", "List executions, newest first, with the failing state and error/cause of those that did not succeed.") { status, since, error, limit };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            var queries = new ExecutionQueries(session.Aws.StepFunctions);
            var machine = await queries.StateMachineArnAsync(parse.GetValue(globals.StateMachine)!, ct);
            var statuses = parse.GetValue(status) is { } s ? [s] : parse.GetValue(error) is not null ? ExecutionQueries.Unsuccessful : null;
            var rows = await queries.ListAsync(machine, statuses, parse.GetValue(since), parse.GetValue(error), parse.GetValue(limit), ct);
            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(rows, OpsJsonContext.Default.IReadOnlyListExecutionSummary);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Name", "Status", "Started", "Stopped", "Error", "Failed state", "Redrives", "Cause");
            foreach (var row in rows)
            {
                table.AddRow(
                    OpsOutput.Escape(row.Name),
                    StatusMarkup(row.Status),
                    row.StartDate.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                    row.StopDate?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    OpsOutput.Escape(row.Error),
                    OpsOutput.Escape(row.FailedState),
                    row.RedriveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    OpsOutput.Escape(Shorten(row.Cause, 120)));
            }

            session.Output.Console.Write(table);
            session.Output.Line($"{rows.Count} execution(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CommandEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "Execution name (the order id) or execution ARN." };
        var command = new Command("show", "Show one execution and its history as a timeline, the failing state highlighted.") { id };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            var queries = new ExecutionQueries(session.Aws.StepFunctions);
            var arn = await ExecutionArnAsync(queries, parse.GetValue(globals.StateMachine)!, parse.GetValue(id)!, ct);
            var detail = await queries.DetailAsync(arn, ct);
            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(detail, OpsJsonContext.Default.ExecutionDetail);
                return ExitCodes.Ok;
            }

            TimelineView.Render(session.Output.Console, detail);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Redrive(GlobalOptions globals, CommandEnvironment environment)
    {
        var ids = new Argument<string[]>("ids") { Description = "Execution names (order ids) or ARNs.", Arity = ArgumentArity.ZeroOrMore };
        var allFailed = new Option<bool>("--all-failed") { Description = "Every FAILED, TIMED_OUT and ABORTED execution (narrow with --status, --error, --since)." };
        var status = StatusOption("With --all-failed: only FAILED, TIMED_OUT or ABORTED.");
        var since = SinceOption();
        var error = ErrorOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be redriven; change nothing." };
        var concurrency = new Option<int>("--max-concurrency") { Description = "Redrives in flight at once.", DefaultValueFactory = _ => 4, CustomParser = r => Parsers.Bounded(r, 1, 64, "--max-concurrency") };
        var wait = new Option<bool>("--wait") { Description = "Wait for each redriven execution to end and report how it ended." };
        var waitTimeout = new Option<TimeSpan>("--wait-timeout") { Description = "How long --wait waits per execution.", DefaultValueFactory = _ => TimeSpan.FromMinutes(10), CustomParser = Parsers.Duration };
        var command = new Command("redrive", "Redrive failed executions (RedriveExecution): each at most once per run, with per-execution results.")
        {
            ids, allFailed, status, since, error, dryRun, concurrency, wait, waitTimeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            var given = parse.GetValue(ids) ?? [];
            var all = parse.GetValue(allFailed);
            if (given.Length > 0 == all)
            {
                throw new UsageException("Give execution ids, or --all-failed, but not both.");
            }

            if (!all && (parse.GetValue(status) is not null || parse.GetValue(since) is not null || parse.GetValue(error) is not null))
            {
                throw new UsageException("--status, --since and --error select executions for --all-failed; with ids they do nothing.");
            }

            if (parse.GetValue(status) is { } s && !ExecutionQueries.Unsuccessful.Contains(s))
            {
                throw new UsageException($"--status {s}: only FAILED, TIMED_OUT or ABORTED executions can be redriven.");
            }

            using var session = OpsSession.Open(parse, globals, environment);
            var queries = new ExecutionQueries(session.Aws.StepFunctions);
            var machine = await queries.StateMachineArnAsync(parse.GetValue(globals.StateMachine)!, ct);
            IReadOnlyList<string> targets = all
                ? (await queries.ListAsync(machine, parse.GetValue(status) is { } one ? [one] : ExecutionQueries.Unsuccessful, parse.GetValue(since), parse.GetValue(error), int.MaxValue, ct))
                    .Select(e => e.ExecutionArn).ToList()
                : given.Select(i => ExecutionQueries.ExecutionArn(machine, i)).ToList();

            var options = new RedriveOptions(parse.GetValue(dryRun), parse.GetValue(concurrency), parse.GetValue(wait), parse.GetValue(waitTimeout));
            var outcomes = await RedriveView.RunAsync(session.Output, new ExecutionRedriver(session.Aws.StepFunctions, queries), targets, options, ct);
            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(outcomes, OpsJsonContext.Default.IReadOnlyListRedriveOutcome);
            }
            else
            {
                RedriveView.Render(session.Output, outcomes, options.DryRun);
            }

            return outcomes.Any(o => o.Result is RedriveResult.Failed) || (!all && outcomes.Any(o => o.Result is RedriveResult.NotRedrivable))
                ? ExitCodes.Failure
                : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stop(GlobalOptions globals, CommandEnvironment environment)
    {
        var ids = new Argument<string[]>("ids") { Description = "Execution names (order ids) or ARNs.", Arity = ArgumentArity.OneOrMore };
        var error = new Option<string>("--error") { Description = "Error name recorded on the stopped execution.", DefaultValueFactory = _ => "StoppedByOperator" };
        var cause = new Option<string?>("--cause") { Description = "Why it was stopped (recorded as the cause)." };
        var command = new Command("stop", "Stop running executions (StopExecution); they end ABORTED and can be redriven later.") { ids, error, cause };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            var client = session.Aws.StepFunctions;
            var queries = new ExecutionQueries(client);
            var machine = await queries.StateMachineArnAsync(parse.GetValue(globals.StateMachine)!, ct);
            var outcomes = new List<StopOutcome>();
            foreach (var id in (parse.GetValue(ids) ?? []).Distinct(StringComparer.Ordinal))
            {
                var arn = ExecutionQueries.ExecutionArn(machine, id);
                try
                {
                    var before = await client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn }, ct);
                    if (before.Status != "RUNNING")
                    {
                        outcomes.Add(new StopOutcome(id, arn, false, $"not running: {before.Status}"));
                        continue;
                    }

                    var stopped = await client.StopExecutionAsync(new StopExecutionRequest { ExecutionArn = arn, Error = parse.GetValue(error), Cause = parse.GetValue(cause) }, ct);
                    outcomes.Add(new StopOutcome(id, arn, true, $"ABORTED at {stopped.StopDate:u}"));
                }
                catch (Fulfilment.Aws.AwsServiceException ex)
                {
                    outcomes.Add(new StopOutcome(id, arn, false, $"{ex.ErrorCode}: {ex.Message}"));
                }
            }

            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(outcomes, OpsJsonContext.Default.IReadOnlyListStopOutcome);
            }
            else
            {
                foreach (var o in outcomes)
                {
                    session.Output.Line($"{(o.Stopped ? "[green]stopped[/]" : "[red]not stopped[/]")} {OpsOutput.Escape(o.Name)}: {OpsOutput.Escape(o.Detail)}");
                }
            }

            return outcomes.All(o => o.Stopped) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task<string> ExecutionArnAsync(ExecutionQueries queries, string machine, string id, CancellationToken ct) =>
        id.StartsWith("arn:", StringComparison.Ordinal) ? id : ExecutionQueries.ExecutionArn(await queries.StateMachineArnAsync(machine, ct), id);

    internal static string StatusMarkup(string status) => status switch
    {
        "SUCCEEDED" => "[green]SUCCEEDED[/]",
        "RUNNING" => "[blue]RUNNING[/]",
        "FAILED" or "TIMED_OUT" => $"[red]{status}[/]",
        _ => $"[yellow]{OpsOutput.Escape(status)}[/]",
    };

    internal static string Shorten(string? text, int max) =>
        text is null ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
