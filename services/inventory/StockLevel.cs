namespace Fulfilment.Inventory;

/// <summary>
/// One SKU's stock item. Invariant: <c>Available + Reserved + Sold</c> equals all stock ever added
/// (a <see cref="InventoryService.SetStockAsync"/> redefines the baseline).
/// </summary>
public sealed record StockLevel(string Sku, long Available, long Reserved, long Sold, long Version);
