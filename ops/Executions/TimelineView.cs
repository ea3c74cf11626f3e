using System.Globalization;
using Fulfilment.Ops.Cli;
using Spectre.Console;

namespace Fulfilment.Ops.Executions;

/// <summary>Renders `executions show`: a header and the history as a timeline, failures in red, the failing state in bold.</summary>
internal static class TimelineView
{
    public static void Render(IAnsiConsole console, ExecutionDetail detail)
    {
        var e = detail.Execution;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Execution", OpsOutput.Escape(e.ExecutionArn));
        grid.AddRow("Status", ExecutionsCommand.StatusMarkup(e.Status));
        grid.AddRow("Started", e.StartDate.ToString("u", CultureInfo.InvariantCulture));
        grid.AddRow("Stopped", e.StopDate?.ToString("u", CultureInfo.InvariantCulture) ?? "");
        grid.AddRow("Redrives", $"{e.RedriveCount} ({OpsOutput.Escape(e.RedriveStatus ?? "n/a")})");
        if (e.Error is not null || e.Cause is not null)
        {
            grid.AddRow("Error", $"[red]{OpsOutput.Escape(e.Error)}[/]");
            grid.AddRow("Cause", OpsOutput.Escape(e.Cause));
        }

        if (e.FailedState is not null)
        {
            grid.AddRow("Failed state", $"[bold red]{OpsOutput.Escape(e.FailedState)}[/]");
        }

        console.Write(grid);
        var table = new Table().AddColumns("#", "+s", "Event", "State", "Error", "Cause");
        foreach (var row in detail.Timeline)
        {
            var failingState = e.FailedState is not null && row.State == e.FailedState;
            string Style(string text) => row.IsFailure ? $"[red]{text}[/]" : failingState ? $"[bold]{text}[/]" : text;
            table.AddRow(
                row.Id.ToString(CultureInfo.InvariantCulture),
                row.OffsetSeconds.ToString("F3", CultureInfo.InvariantCulture),
                Style(OpsOutput.Escape(row.Type)),
                Style(OpsOutput.Escape(row.State)),
                Style(OpsOutput.Escape(row.Error)),
                OpsOutput.Escape(ExecutionsCommand.Shorten(row.Cause, 100)));
        }

        console.Write(table);
    }
}
