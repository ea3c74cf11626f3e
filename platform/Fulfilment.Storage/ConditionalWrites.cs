using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fulfilment.Storage;

/// <summary>The "create once" write every service needs: a conditional put that hands back what was already there.</summary>
public static class ConditionalWrites
{
    /// <summary>
    /// Puts <paramref name="item"/> unless an item with its key exists (<c>attribute_not_exists(pk)</c>). Returns null when
    /// the put happened, else the existing item: from the condition failure (<c>ALL_OLD</c>), or read back consistently
    /// when the failure carried none.
    /// </summary>
    public static async Task<Dictionary<string, AttributeValue>?> PutIfAbsentAsync(
        IAmazonDynamoDB dynamo, string tableName, Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            await dynamo.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = item,
                    ConditionExpression = $"attribute_not_exists({Keys.PartitionKey})",
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                },
                cancellationToken);
            return null;
        }
        catch (ConditionalCheckFailedException ex)
        {
            if (ex.Item is { Count: > 0 })
            {
                return ex.Item;
            }

            var key = Keys.Item(item[Keys.PartitionKey].S, item[Keys.SortKey].S);
            var existing = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = key, ConsistentRead = true }, cancellationToken);
            return existing.Item is { Count: > 0 }
                ? existing.Item
                : throw new InvalidOperationException($"An item {item[Keys.PartitionKey].S}/{item[Keys.SortKey].S} exists in {tableName} but cannot be read.");
        }
    }
}
