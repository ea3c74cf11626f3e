using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using NJsonSchema;

namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>
/// Renders the POST /orders mapping templates with Java Velocity (the engine family API Gateway runs) and with
/// velocityjs, over the contract's examples and hostile bodies: both engines must give the same bytes, and what API
/// Gateway would send to SQS must be a NewOrderEvent v1 that intake accepts, naming the order the 202 names.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MappingTemplateTests(SynthesizedApp app, MappingTemplateTests.Rendered rendered) : IClassFixture<MappingTemplateTests.Rendered>
{
    public const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/fulfilment-new-orders";

    private static readonly ProblemDefinition[] Definitions =
    [
        OrdersApiProblems.InvalidOrder, OrdersApiProblems.MissingIdempotencyKey, OrdersApiProblems.InvalidApiKey, OrdersApiProblems.Throttled,
        OrdersApiProblems.QuotaExceeded, OrdersApiProblems.BodyTooLarge, OrdersApiProblems.UnsupportedMediaType, OrdersApiProblems.Refused,
        OrdersApiProblems.InternalError, OrdersApiProblems.QueueUnavailable,
    ];

    private static readonly string[] AddedByTheTemplate = ["version", "orderId", "idempotencyKey", "correlationId", "placedAt"];

    /// <summary>Every case rendered once by each engine (one JVM and one node process per engine).</summary>
    public sealed class Rendered : IAsyncLifetime, IDisposable
    {
        public JavaVelocity Java { get; } = new();

        public VelocityJs Js { get; } = new();

        public IReadOnlyDictionary<string, (TemplateResult Request, TemplateResult Accepted)> ByJava { get; private set; } = null!;

        public IReadOnlyDictionary<string, (TemplateResult Request, TemplateResult Accepted)> ByJs { get; private set; } = null!;

        public static IReadOnlyList<TemplateJob> Jobs() =>
        [
            .. TemplateCases.All.SelectMany(c => new[]
            {
                new TemplateJob(OrderTemplates.SendMessageRequest(QueueUrl), c.Context(), c.Headers, c.Body),
                new TemplateJob(OrderTemplates.Accepted, c.Context(), c.Headers, string.Empty),
            }),
        ];

        public async Task InitializeAsync()
        {
            var jobs = Jobs();
            var java = RenderAsync(Java, jobs);
            var js = RenderAsync(Js, jobs);
            (ByJava, ByJs) = (await java, await js);
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => Java.Dispose();

        private static async Task<IReadOnlyDictionary<string, (TemplateResult, TemplateResult)>> RenderAsync(ITemplateEngine engine, IReadOnlyList<TemplateJob> jobs)
        {
            var results = await engine.RenderAsync(jobs, CancellationToken.None);
            return TemplateCases.All.Select((c, i) => (c.Name, Pair: (results[2 * i], results[(2 * i) + 1])))
                .ToDictionary(x => x.Name, x => x.Pair, StringComparer.Ordinal);
        }
    }

    public static TheoryData<string> Cases() => TemplateCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Templates_WhenRenderedByJavaVelocityAndVelocityJs_ShouldGiveTheSameBytes(string name)
    {
        var (javaRequest, javaAccepted) = rendered.ByJava[name];
        var (jsRequest, jsAccepted) = rendered.ByJs[name];
        Assert.Equal(
            (javaRequest.OutputOrThrow("Java Velocity"), javaAccepted.OutputOrThrow("Java Velocity"), Headers(javaAccepted)),
            (jsRequest.OutputOrThrow("velocityjs"), jsAccepted.OutputOrThrow("velocityjs"), Headers(jsAccepted)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RequestTemplate_WhenRenderedByJavaVelocity_ShouldSendAMessageThatMatchesNewOrderEventV1(string name)
    {
        var schema = await JsonSchema.FromJsonAsync(ContractSchemas.Read(ContractSchemas.NewOrderEventV1));
        var errors = schema.Validate(MessageBody(name));
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RequestTemplate_WhenRenderedByJavaVelocity_ShouldDeserializeIntoTheContractRecordWithTheRequestContext(string name)
    {
        var c = TemplateCases.Named(name);
        var message = JsonSerializer.Deserialize(MessageBody(name), ContractsJsonContext.Default.NewOrderEvent)!;
        Assert.Equal(
            (NewOrderEvent.CurrentVersion, OrderIds.FromRequest(c.RequestTimeEpoch, c.RequestId), c.IdempotencyKey, c.RequestId, DateTimeOffset.FromUnixTimeMilliseconds(c.RequestTimeEpoch)),
            (message.Version, message.OrderId, message.IdempotencyKey, message.CorrelationId, message.PlacedAt));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RequestTemplate_WhenRenderedByJavaVelocity_ShouldCarryTheBodyUnchanged(string name)
    {
        var message = JsonNode.Parse(MessageBody(name))!.AsObject();
        foreach (var added in AddedByTheTemplate)
        {
            message.Remove(added);
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(TemplateCases.Named(name).Body), message), $"the order part of the message differs from the body: {message.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RequestTemplate_WhenRenderedByJavaVelocity_ShouldPassOnlyAWellFormedTraceparent(string name)
    {
        var c = TemplateCases.Named(name);
        var attributes = Call(name)["MessageAttributes"]!.AsObject();
        var expected = c.TraceParent == TemplateCases.ValidTraceParent
            ? new Dictionary<string, string> { ["correlationId"] = c.RequestId, ["traceparent"] = c.TraceParent }
            : new Dictionary<string, string> { ["correlationId"] = c.RequestId };
        Assert.Equal(expected, attributes.ToDictionary(a => a.Key, a => (string)a.Value!["StringValue"]!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AcceptedTemplate_WhenRenderedByJavaVelocity_ShouldAnswerWithTheOrderIdThatWasQueued(string name)
    {
        var c = TemplateCases.Named(name);
        var (_, accepted) = rendered.ByJava[name];
        var body = JsonSerializer.Deserialize(accepted.OutputOrThrow("Java Velocity"), ContractsJsonContext.Default.OrderAccepted)!;
        var orderId = (string)JsonNode.Parse(MessageBody(name))!["orderId"]!;
        var statusUrl = $"https://api.example/prod/orders/{orderId}";
        Assert.Equal(
            (orderId, statusUrl, c.RequestId, statusUrl, c.RequestId),
            (body.OrderId, body.StatusUrl, body.CorrelationId, accepted.ResponseHeaders["Location"], accepted.ResponseHeaders["X-Correlation-Id"]));
    }

    [Fact]
    public void RequestTemplate_WhenRendered_ShouldSendTheMessageToTheQueue()
    {
        Assert.Equal(QueueUrl, (string?)Call(TemplateCases.All[0].Name)["QueueUrl"]);
    }

    [Fact]
    public void SynthesizedRequestTemplate_WhenTheQueueUrlIsSetAside_ShouldBeTheRenderedOne()
    {
        var method = app.ProdJson.Resources("AWS::ApiGateway::Method").Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST");
        var join = method.Resource.Properties()["Integration"]!["RequestTemplates"]!["application/json"]!["Fn::Join"]![1]!.AsArray();
        var text = string.Concat(join.Select(part => part is JsonValue v ? (string)v! : OrderTemplates.QueueUrlPlaceholder));
        Assert.Equal(OrderTemplates.SendMessageRequest(OrderTemplates.QueueUrlPlaceholder), text);
    }

    [Fact]
    public async Task ErrorBodies_WhenRenderedByJavaVelocityAndVelocityJs_ShouldBeTheSameProblemDocumentOnTheRequestPath()
    {
        // Every gateway response of the synthesized API and the integration response for a refused SendMessage.
        var templates = app.ProdJson.Resources("AWS::ApiGateway::GatewayResponse")
            .Select(r => ((string)r.Resource.Properties()["ResponseType"]!, (string)r.Resource.Properties()["ResponseTemplates"]!["application/json"]!))
            .Concat(app.ProdJson.Resources("AWS::ApiGateway::Method").Where(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST")
                .SelectMany(m => m.Resource.Properties()["Integration"]!["IntegrationResponses"]!.AsArray())
                .Where(r => r!["SelectionPattern"] is not null)
                .Select(r => ("SelectionPattern " + (string)r!["SelectionPattern"]!, (string)r["ResponseTemplates"]!["application/json"]!)))
            .ToList();
        var c = TemplateCases.Named("hostile idempotency key");
        var jobs = templates.Select(t => new TemplateJob(t.Item2, c.Context(), c.Headers, c.Body)).ToList();

        var java = await rendered.Java.RenderAsync(jobs, CancellationToken.None);
        var js = await rendered.Js.RenderAsync(jobs, CancellationToken.None);

        Assert.Equal(10, templates.Count);
        for (var i = 0; i < templates.Count; i++)
        {
            var output = java[i].OutputOrThrow("Java Velocity");
            Assert.Equal(output, js[i].OutputOrThrow("velocityjs"));
            var problem = JsonSerializer.Deserialize(output, ContractsJsonContext.Default.Problem)!;
            Assert.True(problem is { Instance: "/prod/orders", Errors: null }, $"{templates[i].Item1}: {output}");
            Assert.Contains(output, Definitions.Select(d => d.ToJson(instance: "/prod/orders")));
        }
    }

    [Fact]
    public async Task Harnesses_WhenGivenTheDeveloperGuidesExamples_ShouldAnswerAsTheGuideDocuments()
    {
        // The examples of "API Gateway mapping template and access logging variable reference", with their documented output.
        var things = new TemplateJob("""{"id":"$input.params('id')","count":"$input.path('$.things').size()","things":$util.escapeJavaScript($input.json('$.things'))}""", [], new Dictionary<string, string> { ["id"] = "abc" }, """{"things":{"1":{},"2":{},"3":{}}}""");
        var parse = new TemplateJob("#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage'))){\"errorMessageObjKey2ArrVal\":$errorMessageObj.key2.arr[0]}", [], new Dictionary<string, string>(), """{"errorMessage":"{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}""");
        var quote = new TemplateJob("""{"input":"$util.escapeJavaScript($input.params('data')).replaceAll("\\'","'")"}""", [], new Dictionary<string, string> { ["data"] = "it's" }, string.Empty);
        string[] documented = ["""{"id":"abc","count":"3","things":{\"1\":{},\"2\":{},\"3\":{}}}""", """{"errorMessageObjKey2ArrVal":1}""", """{"input":"it's"}"""];
        foreach (var engine in new ITemplateEngine[] { rendered.Java, rendered.Js })
        {
            var results = await engine.RenderAsync([things, parse, quote], CancellationToken.None);
            Assert.Equal(documented, results.Select(r => r.OutputOrThrow(engine.Name)));
        }
    }

    private JsonObject Call(string name) => JsonNode.Parse(rendered.ByJava[name].Request.OutputOrThrow("Java Velocity"))!.AsObject();

    private string MessageBody(string name) => (string)Call(name)["MessageBody"]!;

    private static string Headers(TemplateResult result) => string.Join('\n', result.ResponseHeaders.Select(h => $"{h.Key}: {h.Value}"));
}
