using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Local.Testing;

namespace Fulfilment.Ops.Tests;

/// <summary>The whole local stack, in memory, on free loopback ports, functions in-process: one for every test class of the collection.</summary>
public sealed class OpsStackFixture : LocalStackFixture
{
    /// <summary>A Step Functions client on the edge, for test setup and checks that are not the CLI's job.</summary>
    public StepFunctionsClient StepFunctions { get; private set; } = null!;

    protected override string CustomerId => "cust-ops";

    public override async Task DisposeAsync()
    {
        StepFunctions?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Runs `fulfil` in-process against this stack (endpoint, region and API set, no ambient AWS settings).</summary>
    public Task<FulfilResult> FulfilAsync(params string[] args) =>
        FulfilRunner.RunAsync(
            [.. args, "--endpoint-url", Stack.EdgeUrl.ToString()],
            name => name switch
            {
                "FULFILMENT_API_URL" => Stack.ApiUrl.ToString(),
                "FULFILMENT_API_KEY" => Stack.Options.ApiKey,
                _ => null,
            });

    protected override Task OnStartedAsync(CancellationToken ct)
    {
        StepFunctions = new StepFunctionsClient(new AwsClientConfig
        {
            ServiceUrl = Stack.EdgeUrl,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("local", "local"),
        });
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class OpsStackCollection : ICollectionFixture<OpsStackFixture>
{
    public const string Name = "ops-stack";
}
