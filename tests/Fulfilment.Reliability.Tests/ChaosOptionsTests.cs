using Fulfilment.Local.Host;

namespace Fulfilment.Reliability.Tests;

/// <summary>A chaos file is refused at start with every problem named, never half applied.</summary>
public sealed class ChaosOptionsTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "fulfilment-chaos-" + Guid.NewGuid().ToString("N")[..8] + ".json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Load_WhenEveryKnobIsValid_ShouldReadThemAll()
    {
        File.WriteAllText(_file, """
            { "seed": 3, "payment": { "errorRate": 0.2 }, "lambdaCrashRate": 0.05, "duplicateDeliveryRate": 0.1,
              "dynamoDbRestartEverySeconds": 30, "dynamoDbRestartCount": 2, "edge": [ { "operation": "PutEvents", "fault": "Throttling", "rate": 0.05 } ] }
            """);

        var options = ChaosOptions.Load(_file);

        Assert.Equal((30.0, 2, true), (options.DynamoDbRestartEverySeconds, options.DynamoDbRestartCount, options.Enabled));
    }

    [Fact]
    public void Load_WhenDynamoDbRestartsAreTooFrequentOrCountIsNegative_ShouldNameBothProblems()
    {
        File.WriteAllText(_file, """{ "dynamoDbRestartEverySeconds": 2, "dynamoDbRestartCount": -1 }""");

        var error = Assert.Throws<ChaosConfigurationException>(() => ChaosOptions.Load(_file));

        Assert.True(error.Message.Contains("dynamoDbRestartEverySeconds", StringComparison.Ordinal) && error.Message.Contains("dynamoDbRestartCount", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void Load_WhenTheFileHasNoEdgeRules_ShouldReadAnEmptyList()
    {
        File.WriteAllText(_file, """{ "lambdaCrashRate": 0.05 }""");

        Assert.Empty(ChaosOptions.Load(_file).Edge);
    }

    [Fact]
    public void Load_WhenAKeyIsMisspelt_ShouldRefuseTheFile()
    {
        File.WriteAllText(_file, """{ "dynamoDbRestartEverySecond": 30 }""");

        Assert.Throws<ChaosConfigurationException>(() => ChaosOptions.Load(_file));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task StartAsync_WhenDynamoDbRestartsAreAskedInMemory_ShouldRefuseToStart()
    {
        var options = new LocalStackOptions { ApiPort = 0, EdgePort = 0, InMemory = true, Functions = FunctionMode.InProcess, SeedFile = null, Chaos = new ChaosOptions { DynamoDbRestartEverySeconds = 30 } };

        var error = await Assert.ThrowsAsync<ChaosConfigurationException>(() => LocalStack.StartAsync(options, _ => { }, CancellationToken.None));

        Assert.Contains("in-memory", error.Message, StringComparison.Ordinal);
    }
}
