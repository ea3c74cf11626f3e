using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Fulfilment.Storage;

/// <summary>Creates tables from <see cref="TableDefinition"/>s, idempotently: existing tables are left as they are.</summary>
public static class TableProvisioner
{
    /// <summary>The <c>CreateTable</c> request for a definition (keys S/S, PAY_PER_REQUEST).</summary>
    public static CreateTableRequest ToCreateTableRequest(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new CreateTableRequest
        {
            TableName = table.Name,
            BillingMode = BillingMode.FindValue(TableDefinition.BillingMode),
            AttributeDefinitions =
            [
                new AttributeDefinition(table.PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(table.SortKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(table.PartitionKey, KeyType.HASH),
                new KeySchemaElement(table.SortKey, KeyType.RANGE),
            ],
        };
    }

    /// <summary>
    /// Creates every table in <paramref name="tables"/> (default: <see cref="FulfilmentTables.All"/>) that does not
    /// exist yet, enables TTL where defined, and waits until each is ACTIVE. Safe to call concurrently and repeatedly.
    /// </summary>
    public static async Task EnsureTablesAsync(
        IAmazonDynamoDB client,
        IEnumerable<TableDefinition>? tables = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var table in tables ?? FulfilmentTables.All)
        {
            await EnsureTableAsync(client, table, cancellationToken);
        }
    }

    private static async Task EnsureTableAsync(IAmazonDynamoDB client, TableDefinition table, CancellationToken cancellationToken)
    {
        var created = false;
        try
        {
            await client.CreateTableAsync(ToCreateTableRequest(table), cancellationToken);
            created = true;
        }
        catch (ResourceInUseException)
        {
            // Already there (or being created by a concurrent caller): fall through to the ACTIVE wait.
        }

        await WaitUntilActiveAsync(client, table.Name, cancellationToken);
        if (created && table.TimeToLiveAttribute is not null)
        {
            await client.UpdateTimeToLiveAsync(
                new UpdateTimeToLiveRequest
                {
                    TableName = table.Name,
                    TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = table.TimeToLiveAttribute, Enabled = true },
                },
                cancellationToken);
        }
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        // DynamoDB Local is ACTIVE at once; AWS takes seconds. Poll with a generous, bounded deadline.
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        while (true)
        {
            var description = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Table {tableName} is still {description.Table.TableStatus} after 5 minutes; check the table in the console.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
