using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda;
using Fulfilment.Storage;

namespace Fulfilment.Inventory.Hosting;

/// <summary>The Lambda handlers of the inventory service: <c>reserve</c>, <c>release</c> (compensation) and <c>commit</c>.</summary>
public static class InventoryFunction
{
    /// <summary>Handler name of the ReserveInventory step.</summary>
    public const string Reserve = "reserve";

    /// <summary>Handler name of the ReleaseInventory compensation.</summary>
    public const string Release = "release";

    /// <summary>Handler name of the commit on completion.</summary>
    public const string Commit = "commit";

    /// <summary>
    /// The composition root: builds the service from a function's environment (<c>INVENTORY_TABLE_NAME</c> and the
    /// standard AWS settings) and registers the handlers. Program.cs passes the process environment; the local stack's
    /// in-process mode passes a per-function lookup.
    /// </summary>
    public static LambdaHandlerRegistry Configure(LambdaHandlerRegistry registry, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var table = environment(InventoryOptions.TableNameVariable);
        var options = string.IsNullOrWhiteSpace(table) ? new InventoryOptions() : new InventoryOptions { TableName = table };
        var logger = new LambdaLoggerBridge<InventoryService>(new JsonLambdaLogger(Console.OpenStandardOutput()));
        return Register(registry, new InventoryService(DynamoDbClients.Create(environment), options, TimeProvider.System, logger));
    }

    /// <summary>
    /// Registers the three handlers over <paramref name="service"/>. Named errors (InsufficientStock,
    /// InventoryUnavailable, ReservationStateConflict, InvalidInput) pass through as the <c>errorType</c> the workflow matches.
    /// </summary>
    public static LambdaHandlerRegistry Register(LambdaHandlerRegistry registry, InventoryService service)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(service);
        var json = ContractsJsonContext.Default;
        return registry
            .Add(Reserve, json.ReserveInventoryRequest, json.ReserveInventoryResult, (request, _, ct) => service.ReserveAsync(request, ct))
            .Add(Release, json.ReservationActionRequest, json.ReservationActionResult, (request, _, ct) => service.ReleaseAsync(request, ct))
            .Add(Commit, json.ReservationActionRequest, json.ReservationActionResult, (request, _, ct) => service.CommitAsync(request, ct));
    }
}
