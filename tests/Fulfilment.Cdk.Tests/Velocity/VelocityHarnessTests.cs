namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>A machine without Java Velocity or a JDK gets a failing test that says what to install, never a pass.</summary>
[Trait("Category", "Integration")]
public sealed class VelocityHarnessTests
{
    private static readonly TemplateJob Job = new("$util.escapeJavaScript('x')", [], new Dictionary<string, string>(), string.Empty);

    [Fact]
    public async Task RenderAsync_WhenTheVelocityJarsAreMissing_ShouldFailNamingThePackageToInstall()
    {
        using var java = new JavaVelocity(jarDirectory: Path.Combine(Path.GetTempPath(), "no-velocity-here"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => java.RenderAsync([Job], CancellationToken.None));

        Assert.Contains("apt-get install -y velocity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_WhenThereIsNoJdk_ShouldFailNamingTheJdkToInstall()
    {
        using var java = new JavaVelocity(javaBin: Path.Combine(Path.GetTempPath(), "no-jdk-here"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => java.RenderAsync([Job], CancellationToken.None));

        Assert.Contains("Install a JDK 17+", error.Message, StringComparison.Ordinal);
    }
}
