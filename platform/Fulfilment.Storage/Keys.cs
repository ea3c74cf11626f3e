using Amazon.DynamoDBv2.Model;

namespace Fulfilment.Storage;

/// <summary>Key helpers shared by the services: attribute names and the <c>PREFIX#id</c> convention of docs/data-model.md.</summary>
public static class Keys
{
    /// <summary>Partition key attribute of every table.</summary>
    public const string PartitionKey = "pk";

    /// <summary>Sort key attribute of every table.</summary>
    public const string SortKey = "sk";

    /// <summary>Partition key of everything about one order: <c>ORDER#&lt;orderId&gt;</c>.</summary>
    public static string Order(string orderId) => Prefixed("ORDER#", orderId);

    /// <summary>Partition key of one SKU's stock: <c>SKU#&lt;sku&gt;</c>.</summary>
    public static string Sku(string sku) => Prefixed("SKU#", sku);

    /// <summary>The key map for a get, update or delete of one item.</summary>
    public static Dictionary<string, AttributeValue> Item(string partitionKey, string sortKey) => new(StringComparer.Ordinal)
    {
        [PartitionKey] = new AttributeValue { S = partitionKey },
        [SortKey] = new AttributeValue { S = sortKey },
    };

    private static string Prefixed(string prefix, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return prefix + id;
    }
}
