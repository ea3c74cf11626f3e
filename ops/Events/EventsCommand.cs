using System.CommandLine;
using Fulfilment.Local.EventBridge.Patterns;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Events;

/// <summary>`fulfil events tail`: OrderStatusChanged events as they happen.</summary>
internal static class EventsCommand
{
    public static Command Build(GlobalOptions globals, CommandEnvironment environment)
    {
        var file = new Option<string>("--file") { Description = "The local events file (JSON lines) to follow.", DefaultValueFactory = _ => Path.Combine(".fulfilment", "events.jsonl") };
        var queue = new Option<string?>("--queue-url") { Description = "Follow an SQS queue subscribed to the bus instead of the file (messages are deleted once printed)." };
        var pattern = new Option<FileInfo?>("--pattern") { Description = "A file holding an EventBridge event pattern; only matching events are printed." };
        var fromStart = new Option<bool>("--from-start") { Description = "Print the file from its beginning instead of only new events." };
        var noFollow = new Option<bool>("--no-follow") { Description = "Stop at the end of the file (or when the queue is empty) instead of waiting for more." };
        var max = new Option<int?>("--max-events") { Description = "Stop after this many events.", CustomParser = r => Parsers.Bounded(r, 1, int.MaxValue, "--max-events") };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Stop after this long (e.g. 30s).", CustomParser = r => Parsers.Duration(r) };
        var tail = new Command("tail", "Print events as they arrive: one JSON line each with --json, else time, status, order and sequence.")
        {
            file, queue, pattern, fromStart, noFollow, max, timeout,
        };
        tail.SetAction(async (parse, ct) =>
        {
            EventPattern? matcher = null;
            if (parse.GetValue(pattern) is { } patternFile)
            {
                if (!patternFile.Exists)
                {
                    throw new UsageException($"--pattern: no file {patternFile.FullName}.");
                }

                try
                {
                    matcher = EventPattern.Parse(await File.ReadAllTextAsync(patternFile.FullName, ct));
                }
                catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
                {
                    throw new UsageException($"--pattern {patternFile.Name} is not a valid event pattern: {ex.Message}", ex);
                }
            }

            using var session = OpsSession.Open(parse, globals, environment);
            var json = session.Output.Json;
            var options = new TailOptions(matcher, parse.GetValue(fromStart), !parse.GetValue(noFollow), parse.GetValue(max), parse.GetValue(timeout));
            var tailer = new EventTail(line => environment.Out.WriteLineAsync(json ? Compact(line) : EventLine.Format(line)));
            if (parse.GetValue(queue) is { } queueUrl)
            {
                await tailer.FollowQueueAsync(session.Aws.Sqs, queueUrl, options, ct);
            }
            else
            {
                await tailer.FollowFileAsync(parse.GetValue(file)!, options, ct);
            }

            return ExitCodes.Ok;
        });
        var command = new Command("events", "The OrderStatusChanged events on the bus.");
        command.Subcommands.Add(tail);
        return command;
    }

    private static string Compact(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return System.Text.Json.JsonSerializer.Serialize(document.RootElement);
    }
}
