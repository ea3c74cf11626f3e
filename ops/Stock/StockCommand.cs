using System.CommandLine;
using System.Globalization;
using Fulfilment.Inventory;
using Fulfilment.Ops.Cli;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Fulfilment.Ops.Stock;

/// <summary>`fulfil stock list|show|add|set`: inventory admin through the inventory service's own operations.</summary>
internal static class StockCommand
{
    public static Command Build(GlobalOptions globals, CommandEnvironment environment)
    {
        var table = new Option<string>("--table")
        {
            Description = "Inventory table (default: INVENTORY_TABLE_NAME, else fulfilment-inventory).",
            Recursive = true,
            DefaultValueFactory = _ => environment.Variable(InventoryOptions.TableNameVariable) is { Length: > 0 } name ? name : new InventoryOptions().TableName,
        };
        var command = new Command("stock", "Inventory admin: list, show, add and set stock per SKU (the inventory service's operations).") { table };

        var list = new Command("list", "Every SKU's stock, sorted by SKU.");
        list.SetAction((parse, ct) => RunAsync(parse, globals, environment, table, async (service, output) =>
        {
            var levels = await service.ListStockAsync(ct);
            await WriteAsync(output, levels);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(list);

        var showSku = Sku();
        var show = new Command("show", "One SKU's stock.") { showSku };
        show.SetAction((parse, ct) => RunAsync(parse, globals, environment, table, async (service, output) =>
        {
            var sku = parse.GetValue(showSku)!;
            var level = await service.GetStockAsync(sku, ct) ?? throw new OpsException($"SKU {sku} has never been stocked. Add stock with `fulfil stock add {sku} N`.");
            await WriteAsync(output, [level]);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(show);

        var addSku = Sku();
        var addQuantity = Quantity("quantity", "Units to add (1 or more).", 1);
        var add = new Command("add", "Add stock to a SKU's available units (creates the SKU).") { addSku, addQuantity };
        add.SetAction((parse, ct) => RunAsync(parse, globals, environment, table, async (service, output) =>
        {
            await WriteAsync(output, [await service.AddStockAsync(parse.GetValue(addSku)!, parse.GetValue(addQuantity), ct)]);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(add);

        var setSku = Sku();
        var setAvailable = Quantity("available", "The new available units (0 or more; reserved and sold are kept).", 0);
        var set = new Command("set", "Set a SKU's available units (a stock-take correction).") { setSku, setAvailable };
        set.SetAction((parse, ct) => RunAsync(parse, globals, environment, table, async (service, output) =>
        {
            await WriteAsync(output, [await service.SetStockAsync(parse.GetValue(setSku)!, parse.GetValue(setAvailable), ct)]);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(set);
        return command;
    }

    private static Argument<string> Sku() => new("sku") { Description = "The SKU, e.g. SKU-RED-MUG." };

    private static Argument<int> Quantity(string name, string description, int min) =>
        new(name) { Description = description, CustomParser = r => Parsers.Bounded(r, min, int.MaxValue, name) };

    private static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions globals, CommandEnvironment environment, Option<string> table, Func<InventoryService, OpsOutput, Task<int>> action)
    {
        using var session = OpsSession.Open(parse, globals, environment);
        var service = new InventoryService(session.Aws.Dynamo, new InventoryOptions { TableName = parse.GetValue(table)! }, TimeProvider.System, NullLogger<InventoryService>.Instance);
        try
        {
            return await action(service, session.Output);
        }
        catch (ArgumentException ex)
        {
            // The service's own validation (SKU format, quantities): a usage error, nothing was written.
            throw new UsageException(ex.Message, ex);
        }
    }

    private static async Task WriteAsync(OpsOutput output, IReadOnlyList<StockLevel> levels)
    {
        if (output.Json)
        {
            await output.WriteJsonAsync(levels, OpsJsonContext.Default.IReadOnlyListStockLevel);
            return;
        }

        var table = new Table().AddColumns("SKU", "Available", "Reserved", "Sold", "Version");
        foreach (var l in levels)
        {
            table.AddRow(
                OpsOutput.Escape(l.Sku),
                l.Available.ToString(CultureInfo.InvariantCulture),
                l.Reserved.ToString(CultureInfo.InvariantCulture),
                l.Sold.ToString(CultureInfo.InvariantCulture),
                l.Version.ToString(CultureInfo.InvariantCulture));
        }

        output.Console.Write(table);
    }
}
