using System.Text.Json.Nodes;
using Amazon.Runtime;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Aws.StepFunctions.Model;
using Fulfilment.Aws.Tests.OfficialSdk;
using Shouldly;

namespace Fulfilment.Aws.Tests;

/// <summary>What our clients put on the wire around retries and refused options, seen by a loopback capture server.</summary>
public sealed class ClientWireTests : IAsyncDisposable
{
    private int _answers;
    private readonly CaptureServer _server;

    public ClientWireTests()
    {
        // The first attempt fails with a 500 (retryable), every later one succeeds.
        _server = CaptureServer.Start(_ => Interlocked.Increment(ref _answers) == 1 ? new CannedResponse(500, "") : CannedResponse.Ok("{}"));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RedriveExecution_WhenRetriedWithoutClientToken_ShouldRepeatTheFilledInToken()
    {
        using var client = new StepFunctionsClient(Config());

        await client.RedriveExecutionAsync(new RedriveExecutionRequest { ExecutionArn = StepFunctionsParityCases.ExecutionArn });

        var tokens = _server.Requests.Select(r => JsonNode.Parse(r.Body)!["clientToken"]?.GetValue<string>()).ToList();
        (tokens.Count, tokens.Distinct().Count(), tokens[0] is not null).ShouldBe((2, 1, true));
    }

    [Fact]
    public async Task PutEvents_WhenEndpointIdIsSet_ShouldRefuseBeforeSending()
    {
        using var client = new EventBridgeClient(Config());

        await Should.ThrowAsync<NotSupportedException>(() => client.PutEventsAsync(new PutEventsRequest
        {
            EndpointId = "abcde.veo", Entries = [new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" }],
        }));
        _server.Requests.ShouldBeEmpty();
    }

    // The official JavaScript SDK throws its JSON parser's SyntaxError here; ours keeps the AWS error shape and the status.
    [Fact]
    public async Task DescribeExecution_WhenTheErrorBodyIsNotJson_ShouldSurfaceUnknownWithTheStatus()
    {
        await using var proxy = CaptureServer.Start(_ => new CannedResponse(502, "<html><body>Bad Gateway</body></html>"));
        using var client = new StepFunctionsClient(Config(proxy, maxAttempts: 1));

        var error = await Should.ThrowAsync<AwsServiceException>(() => client.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = StepFunctionsParityCases.ExecutionArn }));
        (error.ErrorCode, (int)error.StatusCode, error.Message).ShouldBe(("Unknown", 502, "UnknownError"));
    }

    private AwsClientConfig Config() => Config(_server, maxAttempts: 2);

    private static AwsClientConfig Config(CaptureServer server, int maxAttempts) => new()
    {
        ServiceUrl = new Uri($"http://127.0.0.1:{server.Port}"), Region = "us-east-1", Credentials = new BasicAWSCredentials("AKIDWIRE", "secret"),
        MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.Zero,
    };
}
