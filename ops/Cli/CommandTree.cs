using System.CommandLine;
using Fulfilment.Ops.DeadLetters;
using Fulfilment.Ops.Events;
using Fulfilment.Ops.Executions;
using Fulfilment.Ops.Orders;
using Fulfilment.Ops.Stock;

namespace Fulfilment.Ops.Cli;

/// <summary>The command tree of `fulfil`.</summary>
internal static class CommandTree
{
    public static RootCommand Build(CommandEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("fulfil: see what failed in the order system, why, and put it right safely (local stack or AWS).");
        globals.AddTo(root);
        root.Subcommands.Add(ExecutionsCommand.Build(globals, environment));
        root.Subcommands.Add(DlqCommand.Build(globals, environment));
        root.Subcommands.Add(OrdersCommand.Build(globals, environment));
        root.Subcommands.Add(StockCommand.Build(globals, environment));
        root.Subcommands.Add(EventsCommand.Build(globals, environment));
        return root;
    }
}
