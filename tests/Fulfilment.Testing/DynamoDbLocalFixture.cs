using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Fulfilment.Storage;
using Xunit;

namespace Fulfilment.Testing;

/// <summary>
/// Real Amazon DynamoDB Local for integration tests: one JVM per test assembly (installed from
/// <c>tools/dynamodb-local</c> on first use), and for each fixture instance its own copy of the four tables under a
/// unique name prefix, so test classes running in parallel never see each other's items.
/// Use as <c>IClassFixture&lt;DynamoDbLocalFixture&gt;</c> (fresh tables per class) or <c>ICollectionFixture</c>
/// (tables shared by a collection); read table names with <see cref="TableName"/> or <see cref="InventoryTable"/> etc.,
/// and call <see cref="CreateFreshTablesAsync"/> for per-test isolation. Set <c>FULFILMENT_DYNAMODB_LOCAL_URL</c> to
/// reuse a running DynamoDB Local instead of starting one.
/// </summary>
public sealed class DynamoDbLocalFixture : IAsyncLifetime
{
    private AmazonDynamoDBClient? client;
    private string? serviceUrl;

    /// <summary>A client for the shared DynamoDB Local (loopback ServiceURL, dummy credentials, us-east-1).</summary>
    public IAmazonDynamoDB Client => client ?? throw NotStarted();

    /// <summary>The endpoint, e.g. <c>http://127.0.0.1:41234</c>, for clients a test builds itself.</summary>
    public string ServiceUrl => serviceUrl ?? throw NotStarted();

    /// <summary>The prefix of this fixture's tables, e.g. <c>t3f9a1c2d-</c>.</summary>
    public string TablePrefix { get; } = NewPrefix();

    /// <summary>This fixture's copies of the four tables (names already prefixed).</summary>
    public IReadOnlyList<TableDefinition> Tables => [.. FulfilmentTables.All.Select(t => t.WithPrefix(TablePrefix))];

    /// <summary>This fixture's name for <c>fulfilment-orders</c>.</summary>
    public string OrdersTable => TableName(FulfilmentTables.Orders);

    /// <summary>This fixture's name for <c>fulfilment-inventory</c>.</summary>
    public string InventoryTable => TableName(FulfilmentTables.Inventory);

    /// <summary>This fixture's name for <c>fulfilment-payments</c>.</summary>
    public string PaymentsTable => TableName(FulfilmentTables.Payments);

    /// <summary>This fixture's name for <c>fulfilment-notifications</c>.</summary>
    public string NotificationsTable => TableName(FulfilmentTables.Notifications);

    /// <summary>This fixture's (prefixed) name of a table.</summary>
    public string TableName(TableDefinition table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return TablePrefix + table.Name;
    }

    /// <summary>Creates another copy of the four tables under a new prefix and returns them (for per-test isolation).</summary>
    public async Task<IReadOnlyList<TableDefinition>> CreateFreshTablesAsync(CancellationToken cancellationToken = default)
    {
        var prefix = NewPrefix();
        var tables = FulfilmentTables.All.Select(t => t.WithPrefix(prefix)).ToList();
        await TableProvisioner.EnsureTablesAsync(Client, tables, cancellationToken);
        return tables;
    }

    /// <summary>
    /// A new client for the same endpoint; <paramref name="configure"/> may change the config, e.g. set an
    /// <c>HttpClientFactory</c> that injects faults. The caller disposes it.
    /// </summary>
    public AmazonDynamoDBClient CreateClient(Action<AmazonDynamoDBConfig>? configure = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = ServiceUrl,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(config);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        serviceUrl = await SharedDynamoDbLocal.GetServiceUrlAsync();
        client = CreateClient();
        await TableProvisioner.EnsureTablesAsync(client, Tables);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        // Tables die with the in-memory JVM at the end of the run; deleting them here would only cost time.
        client?.Dispose();
        return Task.CompletedTask;
    }

    private static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..8] + "-";

    private static InvalidOperationException NotStarted() =>
        new("DynamoDbLocalFixture is not initialised yet: use it through IClassFixture/ICollectionFixture so xunit calls InitializeAsync.");
}
