namespace Fulfilment.Inventory;

/// <summary>Settings of <see cref="InventoryService"/>: its table and how hard to retry transient DynamoDB failures in-call.</summary>
public sealed record InventoryOptions
{
    /// <summary>The environment variable that names the table in a deployed function.</summary>
    public const string TableNameVariable = "INVENTORY_TABLE_NAME";

    /// <summary>The inventory table (default <c>fulfilment-inventory</c>).</summary>
    public string TableName { get; init; } = Fulfilment.Storage.FulfilmentTables.Inventory.Name;

    /// <summary>
    /// Attempts per call for conflicts, throttling and 5xx before <c>InventoryUnavailable</c> is raised and the
    /// workflow's own Retry takes over. Kept small: a Lambda's time is better spent by Step Functions backing off.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First backoff step; each retry doubles it (full jitter) up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Upper bound of one backoff.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Mixed into every ClientRequestToken. Empty in production; tests set it to simulate a caller whose token
    /// window has passed (a new token for the same order), which DynamoDB Local cannot fast-forward.
    /// </summary>
    internal string TokenScope { get; init; } = string.Empty;
}
