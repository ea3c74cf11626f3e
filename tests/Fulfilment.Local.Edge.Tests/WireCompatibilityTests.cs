using System.Diagnostics;
using System.Text.Json;
using Fulfilment.Emulators;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>
/// Clients that are not ours: the official AWS SDK for JavaScript v3 (exact versions pinned in tools/aws-sdk-js,
/// installed by <c>npm ci</c> on first use) runs the node scripts there against the edge.
/// </summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WireCompatibilityTests(EdgeFixture edge)
{
    [Fact]
    public async Task EventBridgeAndSqs_WhenDrivenByTheJavaScriptSdk_ShouldDeliverAndRedrive()
    {
        var result = await RunAsync("wire-eventbridge-sqs.mjs");

        (result.GetProperty("eventId").GetString() == result.GetProperty("expectedEventId").GetString(),
            result.GetProperty("detailOrderId").GetString(), result.GetProperty("deadLetterSources").GetInt32(),
            result.GetProperty("moveStatus").GetString(), result.GetProperty("movedBack").GetInt32())
            .ShouldBe((true, "o-js", 1, "COMPLETED", 3));
    }

    [Fact]
    public async Task DynamoDb_WhenDrivenByTheJavaScriptSdk_ShouldReadWritesAndRaiseConditionErrors()
    {
        var result = await RunAsync("wire-dynamodb.mjs");

        (result.GetProperty("value").GetString(), result.GetProperty("conditionError").GetString())
            .ShouldBe(("1", "ConditionalCheckFailedException"));
    }

    [Fact]
    public async Task StepFunctions_WhenDrivenByTheJavaScriptSdk_ShouldRunNameIdempotencyHistoryAndRedrive()
    {
        var result = await RunAsync("wire-sfn.mjs");

        (result.GetProperty("status").GetString(), result.GetProperty("secondError").GetString(), result.GetProperty("firstEvent").GetString(),
            result.GetProperty("lastEvent").GetString(), result.GetProperty("failedError").GetString(), result.GetProperty("redriveCount").GetInt32())
            .ShouldBe(("SUCCEEDED", "ExecutionAlreadyExists", "ExecutionStarted", "ExecutionSucceeded", "Broken", 1));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task EveryService_WhenTheJavaScriptSdkNamesTheEdgeByLoopback_ShouldServeItAndRefuseAReboundHost(string host)
    {
        var result = await RunAsync("wire-hosts.mjs", $"http://{host}:{edge.Endpoint.Port}");

        var served = result.GetProperty("served");
        var refused = result.GetProperty("refused");
        (served.GetProperty("dynamodb").GetBoolean(), served.GetProperty("eventbridge").GetBoolean(), served.GetProperty("stepfunctions").GetBoolean(),
            served.GetProperty("sqs").GetBoolean(), refused.GetProperty("name").GetString(), refused.GetProperty("status").GetInt32(),
            refused.GetProperty("message").GetString()!.Contains("loopback", StringComparison.Ordinal))
            .ShouldBe((true, true, true, true, "MisdirectedRequestException", 421, true), result.ToString());
    }

    private async Task<JsonElement> RunAsync(string script, string? endpoint = null)
    {
        var tools = Path.Combine(RepositoryPaths.FindRoot(), "tools", "aws-sdk-js");
        await new NpmPackageInstaller().EnsureInstalledAsync(tools, CancellationToken.None);
        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = tools, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["AWS_ENDPOINT_URL"] = endpoint ?? edge.Endpoint.ToString().TrimEnd('/');
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "local";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.ShouldBe(0, $"node {script} failed:\n{await stderr}");
        var lastLine = (await stdout).Trim().Split('\n')[^1];
        using var doc = JsonDocument.Parse(lastLine);
        return doc.RootElement.Clone();
    }
}
