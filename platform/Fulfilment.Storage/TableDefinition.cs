namespace Fulfilment.Storage;

/// <summary>
/// One DynamoDB table as data: name, string partition and sort key, on-demand billing. The CDK app, the local stack
/// and the test fixture all build their tables from these values, so the three cannot drift apart.
/// </summary>
/// <param name="Name">The fixed table name (DESIGN section 7), e.g. <c>fulfilment-inventory</c>.</param>
/// <param name="OwningService">The one service allowed to write it (least privilege per function).</param>
/// <param name="PartitionKey">Attribute name of the partition key (type S).</param>
/// <param name="SortKey">Attribute name of the sort key (type S).</param>
/// <param name="TimeToLiveAttribute">Attribute holding an epoch-seconds expiry, or null when items never expire.</param>
public sealed record TableDefinition(
    string Name,
    string OwningService,
    string PartitionKey = "pk",
    string SortKey = "sk",
    string? TimeToLiveAttribute = null)
{
    /// <summary>Billing mode of every table: on-demand, so nothing needs capacity planning.</summary>
    public const string BillingMode = "PAY_PER_REQUEST";

    /// <summary>The same definition under <paramref name="prefix"/> + name, for tests that need their own copy.</summary>
    public TableDefinition WithPrefix(string prefix) => this with { Name = prefix + Name };
}
