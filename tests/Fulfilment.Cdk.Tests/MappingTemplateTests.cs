using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using NJsonSchema;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// Renders the POST /orders mapping templates with velocityjs (a JavaScript Velocity) and checks that what API
/// Gateway would send to SQS is a NewOrderEvent v1 that intake accepts, and that the 202 names the same order.
/// </summary>
[Collection(CdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MappingTemplateTests(SynthesizedApp app, MappingTemplateTests.Rendered rendered) : IClassFixture<MappingTemplateTests.Rendered>
{
    /// <summary>An Idempotency-Key with every character JSON or JavaScript escaping treats specially.</summary>
    private const string Key = "k'\"/\\1";

    /// <summary>Both templates rendered once for the class (each render starts node).</summary>
    public sealed class Rendered : IAsyncLifetime
    {
        public JsonObject Call { get; private set; } = [];

        public string Accepted { get; private set; } = string.Empty;

        public JsonObject AcceptedHeaders { get; private set; } = [];

        public async Task InitializeAsync()
        {
            Call = JsonNode.Parse((await RenderAsync(OrderTemplates.SendMessageRequest(QueueUrl), Key)).Output)!.AsObject();
            (Accepted, AcceptedHeaders) = await RenderAsync(OrderTemplates.Accepted, Key);
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private const long RequestTimeEpoch = 1_795_500_000_123; // 2026-11-24T06:00:00.123Z
    private const string RequestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    private const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/fulfilment-new-orders";

    private static readonly JsonObject Body = new()
    {
        ["customerId"] = "O'Brien \"Ω\" 😀 </script>",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "SKU-RED-MUG", ["quantity"] = 2, ["unitPriceMinor"] = 1250 }),
        ["currency"] = "EUR",
        ["paymentToken"] = "tok_ok",
        ["metadata"] = new JsonObject { ["note"] = "line1\nline2\ttab\\" },
    };

    [Fact]
    public void RequestTemplate_WhenRendered_ShouldSendTheMessageToTheQueue()
    {
        Assert.Equal(QueueUrl, (string?)rendered.Call["QueueUrl"]);
    }

    [Fact]
    public async Task RequestTemplate_WhenRendered_ShouldProduceANewOrderEventThatMatchesItsSchema()
    {
        var message = (string)rendered.Call["MessageBody"]!;
        var schema = await JsonSchema.FromJsonAsync(ContractSchemas.Read(ContractSchemas.NewOrderEventV1));
        Assert.Empty(schema.Validate(message));
    }

    [Fact]
    public void RequestTemplate_WhenRendered_ShouldCarryTheBodyTheKeyAndAUlidUnchanged()
    {
        var message = JsonSerializer.Deserialize((string)rendered.Call["MessageBody"]!, ContractsJsonContext.Default.NewOrderEvent)!;
        Assert.Equal(
            (true, Key, (string)Body["customerId"]!, "line1\nline2\ttab\\", DateTimeOffset.FromUnixTimeMilliseconds(RequestTimeEpoch), RequestId),
            (OrderIds.IsValid(message.OrderId), message.IdempotencyKey, message.CustomerId, message.Metadata!["note"], message.PlacedAt, message.CorrelationId));
    }

    [Fact]
    public void OrderId_WhenRendered_ShouldEncodeTheRequestTimeAsTheUlidTimestamp()
    {
        var message = JsonNode.Parse((string)rendered.Call["MessageBody"]!)!;
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(RequestTimeEpoch), OrderIds.TimestampOf((string)message["orderId"]!));
    }

    [Fact]
    public void AcceptedTemplate_WhenRendered_ShouldAnswerWithTheOrderIdThatWasQueued()
    {
        var message = JsonNode.Parse((string)rendered.Call["MessageBody"]!)!;
        var headers = rendered.AcceptedHeaders;
        var accepted = JsonSerializer.Deserialize(rendered.Accepted, ContractsJsonContext.Default.OrderAccepted)!;
        Assert.Equal(
            ((string)message["orderId"]!, $"https://api.example/prod/orders/{message["orderId"]}", $"https://api.example/prod/orders/{message["orderId"]}"),
            (accepted.OrderId, accepted.StatusUrl, (string?)headers["Location"]));
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
    public async Task RequestTemplate_WhenTraceparentHeaderIsGiven_ShouldPutItOnTheMessageAsAnAttribute()
    {
        const string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var call = JsonNode.Parse((await RenderAsync(OrderTemplates.SendMessageRequest(QueueUrl), Key, traceparent)).Output)!;
        Assert.Equal((traceparent, RequestId), ((string?)call["MessageAttributes"]!["traceparent"]!["StringValue"], (string?)call["MessageAttributes"]!["correlationId"]!["StringValue"]));
    }

    [Theory]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"x\":{")]
    public async Task RequestTemplate_WhenTraceparentHeaderIsMalformed_ShouldLeaveItOut(string traceparent)
    {
        var call = JsonNode.Parse((await RenderAsync(OrderTemplates.SendMessageRequest(QueueUrl), Key, traceparent)).Output)!;
        Assert.Equal(["correlationId"], call["MessageAttributes"]!.AsObject().Select(a => a.Key));
    }

    [Fact]
    public void RequestTemplate_WhenNoTraceparentHeader_ShouldSendOnlyTheCorrelationAttribute()
    {
        Assert.Equal(["correlationId"], rendered.Call["MessageAttributes"]!.AsObject().Select(a => a.Key));
    }

    private static async Task<(string Output, JsonObject Headers)> RenderAsync(string template, string idempotencyKey, string? traceparent = null)
    {
        await CdkTools.EnsureInstalledAsync(CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("fulfilment-vtl-").FullName;
        try
        {
            var templatePath = Path.Combine(folder, "template.vtl");
            var requestPath = Path.Combine(folder, "request.json");
            await File.WriteAllTextAsync(templatePath, template);
            var request = new JsonObject
            {
                ["context"] = new JsonObject
                {
                    ["requestTimeEpoch"] = RequestTimeEpoch,
                    ["requestId"] = RequestId,
                    ["domainName"] = "api.example",
                    ["stage"] = "prod",
                    ["path"] = "/prod/orders",
                },
                ["headers"] = traceparent is null
                    ? new JsonObject { ["Idempotency-Key"] = idempotencyKey }
                    : new JsonObject { ["Idempotency-Key"] = idempotencyKey, ["traceparent"] = traceparent },
                ["body"] = Body.DeepClone(),
            };
            await File.WriteAllTextAsync(requestPath, request.ToJsonString());
            var script = Path.Combine(AppContext.BaseDirectory, "render-template.cjs");
            var (exit, stdout, stderr) = await CdkTools.RunAsync("node", [script, CdkTools.VelocityJs, templatePath, requestPath], folder, TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, $"velocityjs failed ({exit}): {stderr}");
            var result = JsonNode.Parse(stdout)!;
            return ((string)result["output"]!, result["headers"]!.AsObject());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
