using Shouldly;

namespace Fulfilment.Local.Lambda.Tests;

/// <summary>Where a service's build output is found.</summary>
public sealed class LambdaProcessSpecTests
{
    [Fact]
    public void ServiceDllPath_WhenGivenAServiceFolder_ShouldPointAtItsBuildOutput() =>
        LambdaProcessSpec.ServiceDllPath("inventory", "/repo", "Release")
            .ShouldBe(Path.Combine("/repo", "services", "inventory", "bin", "Release", "net10.0", "Fulfilment.Inventory.dll"));

    [Fact]
    public void ForService_WhenNotBuilt_ShouldSayToBuildIt() =>
        Should.Throw<FileNotFoundException>(() => LambdaProcessSpec.ForService("nosuchservice")).Message.ShouldContain("dotnet build");

    [Fact]
    public void StandardName_WhenGivenServiceAndHandler_ShouldFollowTheFulfilmentConvention() =>
        LocalLambdaFunction.StandardName("inventory", "reserve").ShouldBe("fulfilment-inventory-reserve");
}
