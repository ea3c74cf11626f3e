using System.CommandLine;
using System.Globalization;
using Fulfilment.Ops.Cli;
using Spectre.Console;

namespace Fulfilment.Ops.DeadLetters;

/// <summary>`fulfil dlq show|redrive`.</summary>
internal static class DlqCommand
{
    private const string DefaultQueue = "fulfilment-new-orders-dlq";

    public static Command Build(GlobalOptions globals, CommandEnvironment environment)
    {
        var command = new Command("dlq", "The new-orders dead-letter queue: look at it, redrive it.");
        command.Subcommands.Add(Show(globals, environment));
        command.Subcommands.Add(Redrive(globals, environment));
        return command;
    }

    private static Option<string> QueueOption() => new("--queue-url")
    {
        Description = "Dead-letter queue URL or name.",
        DefaultValueFactory = _ => DefaultQueue,
    };

    private static Command Show(GlobalOptions globals, CommandEnvironment environment)
    {
        var queue = QueueOption();
        var max = new Option<int>("--max") { Description = "Look at up to this many messages.", DefaultValueFactory = _ => 10, CustomParser = r => Parsers.Bounded(r, 1, 1000, "--max") };
        var command = new Command("show", "List messages with their attributes and receive counts, without consuming them (each is made visible again at once).") { queue, max };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            var dlq = new DeadLetterQueue(session.Aws.Sqs);
            var url = await dlq.QueueUrlAsync(parse.GetValue(queue)!, ct);
            var peek = await dlq.PeekAsync(url, parse.GetValue(max), ct);
            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(peek, OpsJsonContext.Default.DeadLetterPeek);
                return ExitCodes.Ok;
            }

            session.Output.Line($"{OpsOutput.Escape(url)}: about {peek.ApproximateNumberOfMessages} message(s); showing {peek.Messages.Count}.");
            var table = new Table().AddColumns("Message id", "Sent", "Receives", "Attributes", "Body");
            foreach (var m in peek.Messages)
            {
                table.AddRow(
                    OpsOutput.Escape(m.MessageId),
                    m.SentAt?.ToString("u", CultureInfo.InvariantCulture) ?? "",
                    m.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture),
                    OpsOutput.Escape(string.Join(", ", m.MessageAttributes.Select(a => $"{a.Key}={a.Value}"))),
                    OpsOutput.Escape(Fulfilment.Ops.Executions.ExecutionsCommand.Shorten(m.Body, 160)));
            }

            session.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Redrive(GlobalOptions globals, CommandEnvironment environment)
    {
        var queue = QueueOption();
        var destination = new Option<string?>("--destination-url") { Description = "Where to move messages (default: the source queue of the DLQ)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be moved where; move nothing." };
        var method = new Option<RedriveMethod>("--method") { Description = "Auto (StartMessageMoveTask, else receive-send-delete), MoveTask or Copy.", DefaultValueFactory = _ => RedriveMethod.Auto };
        var rate = new Option<int?>("--max-per-second") { Description = "Move-task rate limit (1-500 messages/s).", CustomParser = r => Parsers.Bounded(r, 1, 500, "--max-per-second") };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long to wait for the move to finish.", DefaultValueFactory = _ => TimeSpan.FromMinutes(10), CustomParser = Parsers.Duration };
        var command = new Command("redrive", "Move every dead letter back to its source queue (StartMessageMoveTask, or receive-send-delete with no loss).")
        {
            queue, destination, dryRun, method, rate, timeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            var dlq = new DeadLetterQueue(session.Aws.Sqs);
            var url = await dlq.QueueUrlAsync(parse.GetValue(queue)!, ct);
            var target = parse.GetValue(destination) is { } d ? await dlq.QueueUrlAsync(d, ct) : null;
            var result = await dlq.RedriveAsync(url, target, parse.GetValue(method), parse.GetValue(dryRun), parse.GetValue(rate), parse.GetValue(timeout), ct);
            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(result, OpsJsonContext.Default.DeadLetterRedriveResult);
            }
            else
            {
                var grid = new Grid().AddColumn().AddColumn();
                grid.AddRow("From", OpsOutput.Escape(result.SourceQueueUrl));
                grid.AddRow("To", OpsOutput.Escape(result.DestinationQueueUrl ?? "(source queues)"));
                grid.AddRow("Method", result.Method);
                grid.AddRow("Status", OpsOutput.Escape(result.Status));
                grid.AddRow("Moved", $"{result.Moved} of about {result.ApproximateNumberOfMessages}");
                if (result.Failed > 0)
                {
                    grid.AddRow("Failed", $"[red]{result.Failed}[/]");
                }

                if (result.Detail is not null)
                {
                    grid.AddRow("Detail", OpsOutput.Escape(result.Detail));
                }

                session.Output.Console.Write(grid);
            }

            return result.Status is "COMPLETED" or "DryRun" ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
