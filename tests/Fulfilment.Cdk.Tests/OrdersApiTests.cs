using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace Fulfilment.Cdk.Tests;

[Collection(CdkCollection.Name)]
public sealed class OrdersApiTests(SynthesizedApp app)
{
    [Fact]
    public void PostOrders_WhenSynthesized_ShouldSendStraightToSqsWithItsOwnRole()
    {
        var integration = PostOrders()["Integration"]!;
        Assert.Equal(
            ("AWS", "POST", true, "'AmazonSQS.SendMessage'"),
            ((string)integration["Type"]!, (string)integration["IntegrationHttpMethod"]!, integration["Uri"]!.ToJsonString().Contains(":sqs:path/", StringComparison.Ordinal), (string)integration["RequestParameters"]!["integration.request.header.X-Amz-Target"]!));
    }

    [Fact]
    public void PostOrders_WhenSynthesized_ShouldRequireTheApiKeyTheIdempotencyKeyAndTheModel()
    {
        var method = PostOrders();
        var validatorId = (string)method["RequestValidatorId"]!["Ref"]!;
        var validator = app.ProdJson["Resources"]![validatorId]!["Properties"]!;
        Assert.Equal(
            (true, true, true, true, "CreateOrderRequest"),
            ((bool)method["ApiKeyRequired"]!, (bool)method["RequestParameters"]!["method.request.header.Idempotency-Key"]!, (bool)validator["ValidateRequestBody"]!, (bool)validator["ValidateRequestParameters"]!, ModelName(method)));
    }

    [Fact]
    public void PostOrders_WhenSynthesized_ShouldRefuseNonJsonBodiesInsteadOfPassingThem()
    {
        Assert.Equal("NEVER", (string?)PostOrders()["Integration"]!["PassthroughBehavior"]);
    }

    [Fact]
    public void PostOrders_WhenSqsFails_ShouldAnswer503ProblemJson()
    {
        var responses = PostOrders()["Integration"]!["IntegrationResponses"]!.AsArray();
        var failure = responses.Single(r => (string?)r!["StatusCode"] == "503")!;
        Assert.Equal("'application/problem+json'", (string?)failure["ResponseParameters"]!["method.response.header.Content-Type"]);
    }

    [Fact]
    public void GetOrder_WhenSynthesized_ShouldProxyToTheStatusFunctionWithAnApiKey()
    {
        var statusId = app.ProdJson.FunctionId(Catalogue.OrderStatus.Name);
        var method = app.ProdJson.Resources("AWS::ApiGateway::Method").Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "GET").Resource.Properties();
        Assert.Equal(
            (true, "AWS_PROXY", true),
            ((bool)method["ApiKeyRequired"]!, (string)method["Integration"]!["Type"]!, method["Integration"]!["Uri"]!.ToJsonString().Contains(statusId, StringComparison.Ordinal)));
    }

    [Fact]
    public void UsagePlan_WhenSynthesized_ShouldThrottleAndLimitEachKey()
    {
        app.ProdTemplate.HasResourceProperties("AWS::ApiGateway::UsagePlan", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Throttle"] = new Dictionary<string, object> { ["RateLimit"] = app.ProdProps.ApiRateLimit, ["BurstLimit"] = app.ProdProps.ApiBurstLimit },
            ["Quota"] = new Dictionary<string, object> { ["Limit"] = app.ProdProps.ApiDailyQuota, ["Period"] = "DAY" },
        }));
    }

    [Fact]
    public void Stage_WhenSynthesized_ShouldTraceAndWriteAccessLogsWithoutBodies()
    {
        app.ProdTemplate.HasResourceProperties("AWS::ApiGateway::Stage", Match.ObjectLike(new Dictionary<string, object>
        {
            ["StageName"] = "prod",
            ["TracingEnabled"] = true,
            ["AccessLogSetting"] = Match.ObjectLike(new Dictionary<string, object> { ["DestinationArn"] = Match.AnyValue() }),
            ["MethodSettings"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["LoggingLevel"] = "ERROR", ["DataTraceEnabled"] = false })]),
        }));
    }

    public static TheoryData<string, string> ProblemResponses => new()
    {
        { "BAD_REQUEST_BODY", "invalid-order" },
        { "BAD_REQUEST_PARAMETERS", "missing-idempotency-key" },
        { "INVALID_API_KEY", "invalid-api-key" },
        { "THROTTLED", "throttled" },
        { "REQUEST_TOO_LARGE", "body-too-large" },
        { "UNSUPPORTED_MEDIA_TYPE", "unsupported-media-type" },
    };

    [Theory]
    [MemberData(nameof(ProblemResponses))]
    public void GatewayResponse_WhenSynthesized_ShouldBeTheLocalApisProblemJson(string responseType, string slug)
    {
        var response = app.ProdJson.Resources("AWS::ApiGateway::GatewayResponse").Single(r => (string?)r.Resource.Properties()["ResponseType"] == responseType).Resource.Properties();
        var body = JsonNode.Parse((string)response["ResponseTemplates"]!["application/json"]!)!;
        Assert.Equal(
            ("'application/problem+json'", "https://fulfilment.dev/problems/" + slug),
            ((string)response["ResponseParameters"]!["gatewayresponse.header.Content-Type"]!, (string)body["type"]!));
    }

    private string ModelName(JsonObject method) =>
        (string)app.ProdJson["Resources"]![(string)method["RequestModels"]!["application/json"]!["Ref"]!]!["Properties"]!["Name"]!;

    private JsonObject PostOrders() =>
        app.ProdJson.Resources("AWS::ApiGateway::Method").Single(m => (string?)m.Resource.Properties()["HttpMethod"] == "POST").Resource.Properties();
}
