using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Cdk.Tests.Differential;

/// <summary>
/// The local API against the deployed one: for every mapping-template case and every documented error, the status,
/// the headers the API sets and the body bytes the local API answers equal what API Gateway would answer, computed
/// from the synthesized template (integration and gateway responses, rendered by Java Velocity). The differences that
/// stay are in docs/aws-vs-local.md, each with a test here on both sides.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LocalApiDifferentialTests(SynthesizedApp app, Exchanges exchanges) : IClassFixture<Exchanges>
{
    public static TheoryData<string> Names() => Exchanges.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Response_WhenTheLocalApiAnswers_ShouldEqualWhatTheDeployedApiAnswers(string name)
    {
        var exchange = (await exchanges.AllAsync(app.ProdJson))[name];
        var local = Exchanges.InvalidBodyNames.Contains(name) ? WithoutErrors(exchange.Local) : exchange.Local;

        Assert.Equal(exchange.Deployed.ToString(), local.ToString());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Response_WhenTheLocalApiAnswers_ShouldNameItsRequestIdAsApiGatewayDoes(string name)
    {
        var exchange = (await exchanges.AllAsync(app.ProdJson))[name];

        // API Gateway names every request, answered or refused, in x-amzn-RequestId (a UUID, $context.requestId).
        Assert.True(Guid.TryParse(exchange.RequestId, out _), $"x-amzn-RequestId of '{name}' is '{exchange.RequestId}', not a request id");
    }

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public async Task QueuedMessage_WhenTheLocalApiAcceptsAnOrder_ShouldBeTheMessageTheRequestTemplateSends(string name)
    {
        var exchange = (await exchanges.AllAsync(app.ProdJson))[name];
        var call = JsonNode.Parse(exchange.SentBySqsIntegration!.OutputOrThrow("Java Velocity"))!.AsObject();
        var sent = JsonNode.Parse((string)call["MessageBody"]!)!;
        var queued = JsonNode.Parse(exchange.Queued!.Body)!;
        var (before, epoch, after) = exchanges.Times[name];

        Assert.True(JsonNode.DeepEquals(sent, queued), $"local API queued {queued.ToJsonString()}, the request template sends {sent.ToJsonString()}");
        Assert.Equal(
            ((string?)call["MessageAttributes"]!["correlationId"]!["StringValue"], true),
            (exchange.Queued.MessageAttributes["correlationId"].StringValue, before <= epoch && epoch <= after));
    }

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public async Task QueuedMessage_WhenTheClientSentATraceparent_ShouldContinueItsTraceWhereTheDeployedApiPassesItOn(string name)
    {
        // Deliberate: API Gateway passes a well-formed traceparent on as it is; the local API is a traced hop of its own
        // and sends its span's traceparent, in the client's trace when the header is valid, in a new one otherwise.
        var exchange = (await exchanges.AllAsync(app.ProdJson))[name];
        var call = JsonNode.Parse(exchange.SentBySqsIntegration!.OutputOrThrow("Java Velocity"))!.AsObject();
        var deployed = (string?)call["MessageAttributes"]!["traceparent"]?["StringValue"];
        Assert.True(TraceParent.TryParse(exchange.Queued!.MessageAttributes["traceparent"].StringValue, out var local));
        if (deployed is not null)
        {
            Assert.True(TraceParent.TryParse(deployed, out var passedOn));
            Assert.Equal(passedOn.TraceId, local.TraceId);
        }
        else if (exchange.Case!.TraceParent is { } given && TraceParent.TryParse(given, out var malformed))
        {
            Assert.NotEqual(malformed.TraceId, local.TraceId);
        }
    }

    [Fact]
    public async Task Replay_WhenTheSameKeyAndBodyAreSentTwice_ShouldAnswerANewOrderIdWhoseStatusIsTheFirstOrder()
    {
        _ = await exchanges.AllAsync(app.ProdJson);
        var (firstId, secondId, status) = exchanges.Replay;

        var view = JsonSerializer.Deserialize(status.Body, ContractsJsonContext.Default.OrderStatusView)!;
        Assert.Equal((false, 200, firstId), (firstId == secondId, status.Status, view.OrderId));
    }

    [Theory]
    [MemberData(nameof(InvalidBodyNames))]
    public async Task InvalidBody_WhenAnswered_ShouldListTheProblemsOnlyLocally(string name)
    {
        // Deliberate: API Gateway cannot put its validation errors into a gateway response safely (not JSON-escaped);
        // the local API lists them in errors[] so that a developer sees what was wrong.
        var exchange = (await exchanges.AllAsync(app.ProdJson))[name];
        var local = JsonSerializer.Deserialize(exchange.Local.Body, ContractsJsonContext.Default.Problem)!;
        var deployed = JsonSerializer.Deserialize(exchange.Deployed.Body, ContractsJsonContext.Default.Problem)!;

        Assert.Equal((true, true), (local.Errors is { Count: > 0 }, deployed.Errors is null));
    }

    [Fact]
    public void StatusUrls_WhenDeployed_ShouldBeOnTheStagePathWhereTheLocalApiHasNone()
    {
        // Deliberate, and the only rewrite the comparison makes: https://<domain>/prod/... against http://127.0.0.1:<port>/...
        var accepted = new DeployedOrdersApi(app.ProdJson).IntegrationResponse(200);
        Assert.Contains("https://$context.domainName/$context.stage/orders/$orderId", accepted.BodyTemplate, StringComparison.Ordinal);
    }

    public static TheoryData<string> InvalidBodyNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Exchanges.InvalidBodyNames)
        {
            names.Add(name);
        }

        return names;
    }

    public static TheoryData<string> AcceptedNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Velocity.TemplateCases.All.Select(c => c.Name).Concat(["replay, first request", "replay, second request"]))
        {
            names.Add(name);
        }

        return names;
    }

    private static HttpAnswer WithoutErrors(HttpAnswer answer)
    {
        var body = JsonNode.Parse(answer.Body)!.AsObject();
        body.Remove("errors");
        return answer with { Body = body.ToJsonString() };
    }
}
