namespace Fulfilment.Storage;

/// <summary>The four tables of the system, one per service (item layouts in docs/data-model.md).</summary>
public static class FulfilmentTables
{
    /// <summary>Orders and their status history, written by the order service.</summary>
    public static TableDefinition Orders { get; } = new("fulfilment-orders", "order");

    /// <summary>Stock per SKU and reservations per order, written by the inventory service.</summary>
    public static TableDefinition Inventory { get; } = new("fulfilment-inventory", "inventory");

    /// <summary>Payment records per order, written by the payment service.</summary>
    public static TableDefinition Payments { get; } = new("fulfilment-payments", "payment");

    /// <summary>Sent notifications per order (dedupe records), written by the notification service.</summary>
    public static TableDefinition Notifications { get; } = new("fulfilment-notifications", "notification");

    /// <summary>All four, in a stable order.</summary>
    public static IReadOnlyList<TableDefinition> All { get; } = [Orders, Inventory, Payments, Notifications];
}
