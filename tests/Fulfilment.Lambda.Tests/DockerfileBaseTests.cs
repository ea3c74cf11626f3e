using Fulfilment.Lambda.Testing;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

/// <summary>No Docker engine runs here: these keep Dockerfile.base on the publish command the other tests prove.</summary>
public sealed class DockerfileBaseTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(ServicePublisher.RepositoryRoot(), "Dockerfile.base"));

    [Fact]
    public void Dockerfile_ShouldPublishWithTheSharedScriptInAotMode() =>
        Dockerfile.ShouldContain("scripts/publish-service.sh \"services/${SERVICE}\" /out aot");

    [Fact]
    public void Dockerfile_ShouldInstallAotPrerequisitesWithTheProjectScript() =>
        Dockerfile.ShouldContain("scripts/install-aot-prereqs.sh");

    [Fact]
    public void Dockerfile_ShouldCopyBootstrapIntoTheProvidedAl2023RuntimeDirectory() =>
        Dockerfile.ShouldContain("FROM public.ecr.aws/lambda/provided:al2023\nCOPY --from=build --chmod=0755 /out/bootstrap ${LAMBDA_RUNTIME_DIR}/bootstrap");
}
