using Fulfilment.Lambda.Testing;

namespace Fulfilment.Lambda.Tests;

/// <summary>
/// Publishes tests/Fulfilment.Lambda.TestFunction ONCE per test run with scripts/publish-service.sh, the command
/// Dockerfile.base runs. JIT (fast) by default; native AOT when FULFILMENT_AOT_TEST=1 or CI=true and clang is present.
/// </summary>
public sealed class PublishedTestFunctionFixture : IAsyncLifetime
{
    public PublishMode Mode { get; private set; }

    public string BootstrapPath { get; private set; } = string.Empty;

    public static bool AotRequested() =>
        Environment.GetEnvironmentVariable("FULFILMENT_AOT_TEST") == "1"
        || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async Task InitializeAsync()
    {
        Mode = AotRequested() && ServicePublisher.NativeToolchainAvailable() ? PublishMode.Aot : PublishMode.Jit;
        var outDir = Path.Combine(AppContext.BaseDirectory, "published-testfunction", Mode.ToString().ToLowerInvariant());
        BootstrapPath = await ServicePublisher.PublishAsync("tests/Fulfilment.Lambda.TestFunction", outDir, Mode);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PublishedBootstrapCollection : ICollectionFixture<PublishedTestFunctionFixture>
{
    public const string Name = "published bootstrap";
}
