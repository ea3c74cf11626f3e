using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Ops.Cli;
using Spectre.Console;

namespace Fulfilment.Ops.Orders;

/// <summary>`fulfil orders submit|show` over the orders HTTP API.</summary>
internal static class OrdersCommand
{
    public static Command Build(GlobalOptions globals, CommandEnvironment environment)
    {
        var apiUrl = new Option<Uri>("--api-url")
        {
            Description = "The orders HTTP API (default: FULFILMENT_API_URL, else the local stack's http://127.0.0.1:3000).",
            Recursive = true,
            DefaultValueFactory = _ => new Uri(environment.Variable("FULFILMENT_API_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:3000"),
            CustomParser = r => GlobalOptions.ParseUri(r, r.Tokens.Single().Value)!,
        };
        var apiKey = new Option<string>("--api-key")
        {
            Description = "Sent as x-api-key (default: FULFILMENT_API_KEY, else local-dev-key).",
            Recursive = true,
            DefaultValueFactory = _ => environment.Variable("FULFILMENT_API_KEY") is { Length: > 0 } key ? key : "local-dev-key",
        };
        var command = new Command("orders", "Orders through the HTTP API: a load generator and a status lookup.") { apiUrl, apiKey };
        command.Subcommands.Add(Submit(globals, environment, apiUrl, apiKey));
        command.Subcommands.Add(Show(globals, environment, apiUrl, apiKey));
        return command;
    }

    private static HttpClient Http(ParseResult parse, Option<Uri> apiUrl, Option<string> apiKey)
    {
        var baseUrl = parse.GetValue(apiUrl)!.ToString();
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-api-key", parse.GetValue(apiKey));
        return http;
    }

    private static Command Submit(GlobalOptions globals, CommandEnvironment environment, Option<Uri> apiUrl, Option<string> apiKey)
    {
        var count = new Option<int>("--count") { Description = "How many orders.", Required = true, CustomParser = r => Parsers.Bounded(r, 1, 1_000_000, "--count") };
        var rate = new Option<double?>("--rate") { Description = "Orders per second (default: as fast as --concurrency allows)." };
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is <= 0)
            {
                r.AddError("--rate must be greater than 0.");
            }
        });
        var skus = new Option<string[]>("--sku") { Description = "SKUs to order, round robin (repeatable).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["SKU-TEA-EARL-GREY", "SKU-TEA-SENCHA"] };
        var quantity = new Option<int>("--quantity") { Description = "Quantity per order line.", DefaultValueFactory = _ => 1, CustomParser = r => Parsers.Bounded(r, 1, 1000, "--quantity") };
        var price = new Option<long>("--unit-price-minor") { Description = "Unit price in minor units.", DefaultValueFactory = _ => 1250 };
        var token = new Option<string>("--payment-token") { Description = "Payment token (the local processor: tok_ok, tok_decline, tok_flaky, tok_slow).", DefaultValueFactory = _ => "tok_ok" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8, CustomParser = r => Parsers.Bounded(r, 1, 256, "--concurrency") };
        var wait = new Option<bool>("--wait") { Description = "Wait for every accepted order to reach a terminal status and count them." };
        var waitTimeout = new Option<TimeSpan>("--wait-timeout") { Description = "How long --wait waits.", DefaultValueFactory = _ => TimeSpan.FromMinutes(5), CustomParser = Parsers.Duration };
        var command = new Command("submit", "Post orders to the API (a load generator) with a progress bar and a summary of outcomes.")
        {
            count, rate, skus, quantity, price, token, concurrency, wait, waitTimeout,
        };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            using var http = Http(parse, apiUrl, apiKey);
            var plan = new LoadPlan(parse.GetValue(count), parse.GetValue(rate), parse.GetValue(skus) is { Length: > 0 } s ? s : ["SKU-TEA-EARL-GREY"],
                parse.GetValue(quantity), parse.GetValue(price), parse.GetValue(token)!, parse.GetValue(concurrency), parse.GetValue(wait), parse.GetValue(waitTimeout));
            var generator = new LoadGenerator(new OrdersApi(http));
            SubmitSummary summary;
            if (session.Output.CanShowProgress)
            {
                summary = await session.Output.Console.Progress().StartAsync(async context =>
                {
                    var submitted = context.AddTask("submitting", maxValue: plan.Count);
                    var terminal = plan.Wait ? context.AddTask("waiting for terminal status", maxValue: plan.Count) : null;
                    return await generator.RunAsync(plan, step => (step == "submitted" ? submitted : terminal)?.Increment(1), ct);
                });
            }
            else
            {
                summary = await generator.RunAsync(plan, _ => { }, ct);
            }

            if (session.Output.Json)
            {
                await session.Output.WriteJsonAsync(summary, OpsJsonContext.Default.SubmitSummary);
            }
            else
            {
                var table = new Table().AddColumns("Outcome", "Orders");
                table.AddRow("requested", summary.Requested.ToString(CultureInfo.InvariantCulture));
                table.AddRow("[green]accepted[/]", summary.Accepted.ToString(CultureInfo.InvariantCulture));
                foreach (var (status, n) in summary.Rejected)
                {
                    table.AddRow($"[red]rejected {OpsOutput.Escape(status)}[/]", n.ToString(CultureInfo.InvariantCulture));
                }

                foreach (var (status, n) in summary.FinalStatuses.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    table.AddRow($"ended {OpsOutput.Escape(status)}", n.ToString(CultureInfo.InvariantCulture));
                }

                session.Output.Console.Write(table);
                session.Output.Line($"{summary.ElapsedSeconds:F1} s, {summary.Requested / Math.Max(summary.ElapsedSeconds, 0.001):F1} orders/s submitted.");
                foreach (var problem in summary.Problems)
                {
                    session.Output.Line($"[red]{OpsOutput.Escape(problem)}[/]");
                }
            }

            var allEnded = summary.FinalStatuses.Keys.All(k => !k.StartsWith("StillInProgress", StringComparison.Ordinal));
            return summary.Accepted == summary.Requested && allEnded ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CommandEnvironment environment, Option<Uri> apiUrl, Option<string> apiKey)
    {
        var id = new Argument<string>("order-id") { Description = "The order id (a ULID)." };
        var command = new Command("show", "Show an order's status and history (GET /orders/{id}).") { id };
        command.SetAction(async (parse, ct) =>
        {
            using var session = OpsSession.Open(parse, globals, environment);
            using var http = Http(parse, apiUrl, apiKey);
            var orderId = parse.GetValue(id)!;
            var view = await new OrdersApi(http).GetAsync(orderId, ct)
                ?? throw new OpsException($"No order {orderId} (404). It may not be recorded yet: check `fulfil dlq show` and the intake logs.");
            if (session.Output.Json)
            {
                await environment.Out.WriteLineAsync(JsonSerializer.Serialize(view, ContractsJsonContext.Default.OrderStatusView));
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Order", OpsOutput.Escape(view.OrderId));
            grid.AddRow("Status", $"[bold]{view.Status}[/]{(view.Reason is null ? "" : " (" + OpsOutput.Escape(view.Reason) + ")")}");
            grid.AddRow("Customer", OpsOutput.Escape(view.CustomerId));
            grid.AddRow("Total", $"{view.TotalMinor} {OpsOutput.Escape(view.Currency)} (minor units)");
            grid.AddRow("Lines", OpsOutput.Escape(string.Join(", ", view.Lines.Select(l => $"{l.Sku}×{l.Quantity}"))));
            grid.AddRow("Correlation", OpsOutput.Escape(view.CorrelationId));
            session.Output.Console.Write(grid);
            var table = new Table().AddColumns("Seq", "Status", "At", "Reason");
            foreach (var h in view.History)
            {
                table.AddRow(h.Sequence.ToString(CultureInfo.InvariantCulture), h.Status.ToString(), h.At.ToString("u", CultureInfo.InvariantCulture), OpsOutput.Escape(h.Reason));
            }

            session.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
