using Fulfilment.Ops.Cli;
using Spectre.Console;

namespace Fulfilment.Ops.Executions;

/// <summary>Runs a redrive with a progress bar on a terminal (a line per execution otherwise) and renders the results.</summary>
internal static class RedriveView
{
    public static async Task<IReadOnlyList<RedriveOutcome>> RunAsync(
        OpsOutput output, ExecutionRedriver redriver, IReadOnlyList<string> targets, RedriveOptions options, CancellationToken ct)
    {
        if (!output.CanShowProgress)
        {
            if (!output.Json)
            {
                await output.NoteAsync($"{(options.DryRun ? "dry run: " : "")}{targets.Distinct(StringComparer.Ordinal).Count()} execution(s) selected.");
            }

            return await redriver.RunAsync(targets, options, _ => { }, ct);
        }

        return await output.Console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(options.DryRun ? "checking" : "redriving", maxValue: Math.Max(1, targets.Distinct(StringComparer.Ordinal).Count()));
            return await redriver.RunAsync(targets, options, _ => task.Increment(1), ct);
        });
    }

    public static void Render(OpsOutput output, IReadOnlyList<RedriveOutcome> outcomes, bool dryRun)
    {
        var table = new Table().AddColumns("Name", "Status before", "Error", "Result", "Detail", "Final status");
        foreach (var o in outcomes)
        {
            var result = o.Result switch
            {
                RedriveResult.Redriven => "[green]Redriven[/]",
                RedriveResult.WouldRedrive => "[blue]WouldRedrive[/]",
                RedriveResult.NotRedrivable => "[yellow]NotRedrivable[/]",
                _ => "[red]Failed[/]",
            };
            table.AddRow(OpsOutput.Escape(o.Name), OpsOutput.Escape(o.StatusBefore), OpsOutput.Escape(o.Error), result, OpsOutput.Escape(o.Detail), OpsOutput.Escape(o.FinalStatus));
        }

        output.Console.Write(table);
        var counts = string.Join(", ", outcomes.GroupBy(o => o.Result).Select(g => $"{g.Count()} {g.Key}"));
        output.Line($"{(dryRun ? "Dry run, nothing changed: " : "")}{(outcomes.Count == 0 ? "nothing to redrive" : OpsOutput.Escape(counts))}.");
    }
}
