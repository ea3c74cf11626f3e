using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Fulfilment.Contracts.Steps;
using Fulfilment.Emulators;
using Fulfilment.Inventory;
using Fulfilment.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// Reservations per second through <see cref="InventoryService"/> against raw TransactWriteItems of the same shape
/// (one stock update + one reservation put) on the same DynamoDB Local, at concurrency 16, one hot SKU and 1,000 SKUs.
/// Args: <c>[operations per round, default 2000] [rounds, default 3]</c>.
/// </summary>
public sealed class InventorySuite : IBenchSuite
{
    private const int Concurrency = 16;
    private const int DistinctSkus = 1000;

    public string Name => "inventory";

    public string Description => "reserve/s via InventoryService vs raw TransactWriteItems (hot SKU, 1,000 SKUs; concurrency 16)";

    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var operations = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var rounds = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

        // Full tiered JIT (no TieredStopAtLevel=1): the benchmark wants the JVM's steady state, not a fast start.
        await using var dynamo = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { JvmFlags = ["-Xmx512m", "-XX:+UseSerialGC"] }, cancellationToken);
        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = dynamo.ServiceUrl, AuthenticationRegion = "us-east-1" });
        var table = FulfilmentTables.Inventory.WithPrefix("bench-");
        await TableProvisioner.EnsureTablesAsync(client, [table], cancellationToken);
        var service = new InventoryService(client, new InventoryOptions { TableName = table.Name }, TimeProvider.System, NullLogger<InventoryService>.Instance);

        // Stock large enough that no reservation in any round runs short (that would be a different, cheaper path).
        const int stockPerSku = 1_000_000;
        await service.AddStockAsync("hot", stockPerSku, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, DistinctSkus), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => await service.AddStockAsync(Sku(i), stockPerSku, ct));

        Console.Error.WriteLine("inventory: warming up the JVM and the client ...");
        await MeasureAsync(operations, i => Raw(client, table.Name, Sku(i % DistinctSkus), cancellationToken), cancellationToken);
        await MeasureAsync(operations, i => Service(service, Sku(i % DistinctSkus), cancellationToken), cancellationToken);

        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            // Interleaved so that drift of the machine (other load, JVM state) hits both sides alike.
            foreach (var (name, op) in new (string, Func<int, Task>)[]
                     {
                         ("hot/raw", _ => Raw(client, table.Name, "hot", cancellationToken)),
                         ("hot/service", _ => Service(service, "hot", cancellationToken)),
                         ("distinct/raw", i => Raw(client, table.Name, Sku(i % DistinctSkus), cancellationToken)),
                         ("distinct/service", i => Service(service, Sku(i % DistinctSkus), cancellationToken)),
                     })
            {
                var rate = await MeasureAsync(operations, op, cancellationToken);
                Console.Error.WriteLine($"inventory: round {round} {name}: {rate:F0}/s");
                (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(rate);
            }
        }

        return Report(results, operations, rounds);
    }

    private static string Sku(int i) => "sku-" + i.ToString("D4", CultureInfo.InvariantCulture);

    private static Task<ReserveInventoryResult> Service(InventoryService service, string sku, CancellationToken ct) =>
        service.ReserveAsync(new ReserveInventoryRequest("bench-" + Guid.NewGuid().ToString("N"), [new StockLine(sku, 1)]), ct);

    /// <summary>The same two actions the service sends, built by hand with a random token: the database's own cost.</summary>
    private static Task<TransactWriteItemsResponse> Raw(AmazonDynamoDBClient client, string table, string sku, CancellationToken ct)
    {
        var orderId = "bench-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return client.TransactWriteItemsAsync(
            new TransactWriteItemsRequest
            {
                ClientRequestToken = Guid.NewGuid().ToString("D"),
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        Update = new Update
                        {
                            TableName = table,
                            Key = Keys.Item(Keys.Sku(sku), "STOCK"),
                            UpdateExpression = "SET available = available - :q, reserved = reserved + :q, version = version + :one",
                            ConditionExpression = "available >= :q",
                            ExpressionAttributeValues = new() { [":q"] = new AttributeValue { N = "1" }, [":one"] = new AttributeValue { N = "1" } },
                            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                        },
                    },
                    new TransactWriteItem
                    {
                        Put = new Put
                        {
                            TableName = table,
                            Item = new Dictionary<string, AttributeValue>(Keys.Item(Keys.Order(orderId), "RESERVATION"))
                            {
                                ["orderId"] = new() { S = orderId },
                                ["status"] = new() { S = "Reserved" },
                                ["lines"] = new() { L = [new AttributeValue { M = new() { ["sku"] = new() { S = sku }, ["quantity"] = new() { N = "1" } } }] },
                                ["reservedAt"] = new() { S = now },
                                ["updatedAt"] = new() { S = now },
                            },
                            ConditionExpression = "attribute_not_exists(pk)",
                            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                        },
                    },
                ],
            },
            ct);
    }

    private static async Task<double> MeasureAsync(int operations, Func<int, Task> operation, CancellationToken ct)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                ct.ThrowIfCancellationRequested();
                await operation(i);
            }
        });
        await Task.WhenAll(workers);
        return operations / clock.Elapsed.TotalSeconds;
    }

    private static string Report(Dictionary<string, List<double>> results, int operations, int rounds)
    {
        static double Median(List<double> xs)
        {
            var sorted = xs.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Concurrency {Concurrency}, {operations} reservations per round, {rounds} interleaved rounds, median per scenario; warmed JVM (one warm-up round each).");
        md.AppendLine();
        md.AppendLine("| scenario | raw TransactWriteItems/s | InventoryService.ReserveAsync/s | ratio | rounds (raw; service) |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var scenario in new[] { "hot", "distinct" })
        {
            var raw = results[scenario + "/raw"];
            var svc = results[scenario + "/service"];
            var label = scenario == "hot" ? "one hot SKU" : $"{DistinctSkus:N0} distinct SKUs";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {Median(raw):F0} | {Median(svc):F0} | {Median(svc) / Median(raw):F2} | {string.Join(' ', raw.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}; {string.Join(' ', svc.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))} |");
        }

        return md.ToString();
    }
}
