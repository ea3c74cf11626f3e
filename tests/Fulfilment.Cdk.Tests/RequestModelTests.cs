using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Cdk.Api;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;
using NJsonSchema;

namespace Fulfilment.Cdk.Tests;

/// <summary>
/// The API Gateway model (draft-04) must accept and refuse exactly what the contract's validator does — the one the
/// local API and intake use — so that AWS never answers 202 for an order intake would then send to the DLQ.
/// </summary>
[Collection(CdkCollection.Name)]
public sealed class RequestModelTests(SynthesizedApp app)
{
    private static JsonObject Valid() => new()
    {
        ["customerId"] = "cust-42",
        ["lines"] = new JsonArray(Line()),
        ["currency"] = "EUR",
        ["paymentToken"] = "tok_ok",
    };

    private static JsonObject Line(string sku = "SKU-RED-MUG", int quantity = 2, long price = 1250) =>
        new() { ["sku"] = sku, ["quantity"] = quantity, ["unitPriceMinor"] = price };

    private static JsonObject With(Action<JsonObject> change)
    {
        var body = Valid();
        change(body);
        return body;
    }

    public static TheoryData<string, string> Bodies => new()
    {
        { "valid", Valid().ToJsonString() },
        { "valid with null address and metadata", With(b => { b["shippingAddress"] = null; b["metadata"] = null; }).ToJsonString() },
        { "valid with address and metadata", With(b => { b["shippingAddress"] = new JsonObject { ["name"] = "A", ["line1"] = "B", ["city"] = "C", ["postalCode"] = "1", ["country"] = "DE", ["line2"] = null }; b["metadata"] = new JsonObject { ["k"] = "v" }; }).ToJsonString() },
        { "missing currency", With(b => b.Remove("currency")).ToJsonString() },
        { "unknown currency", With(b => b["currency"] = "XXX").ToJsonString() },
        { "unknown property", With(b => b["discount"] = 5).ToJsonString() },
        { "no lines", With(b => b["lines"] = new JsonArray()).ToJsonString() },
        { "51 lines", With(b => b["lines"] = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)Line("SKU-" + i))])).ToJsonString() },
        { "quantity 0", With(b => b["lines"] = new JsonArray(Line(quantity: 0))).ToJsonString() },
        { "quantity 1001", With(b => b["lines"] = new JsonArray(Line(quantity: 1001))).ToJsonString() },
        { "lower-case sku", With(b => b["lines"] = new JsonArray(Line(sku: "sku-1"))).ToJsonString() },
        { "negative price", With(b => b["lines"] = new JsonArray(Line(price: -1))).ToJsonString() },
        { "fractional quantity", With(b => b["lines"] = new JsonArray(new JsonObject { ["sku"] = "A", ["quantity"] = 1.5, ["unitPriceMinor"] = 1 })).ToJsonString() },
        { "extra line property", With(b => b["lines"] = new JsonArray(new JsonObject { ["sku"] = "A", ["quantity"] = 1, ["unitPriceMinor"] = 1, ["x"] = 1 })).ToJsonString() },
        { "empty customer", With(b => b["customerId"] = string.Empty).ToJsonString() },
        { "line break in customer", With(b => b["customerId"] = "cust\n42").ToJsonString() },
        { "DEL in payment token", With(b => b["paymentToken"] = "tok\u007f").ToJsonString() },
        { "C1 control in address line", With(b => b["shippingAddress"] = new JsonObject { ["name"] = "A", ["line1"] = "B\u0085", ["city"] = "C", ["postalCode"] = "1", ["country"] = "DE" }).ToJsonString() },
        { "control characters in metadata", With(b => b["metadata"] = new JsonObject { ["k"] = "a\tb\u0000\u009f" }).ToJsonString() },
        { "address without country", With(b => b["shippingAddress"] = new JsonObject { ["name"] = "A", ["line1"] = "B", ["city"] = "C", ["postalCode"] = "1" }).ToJsonString() },
        { "metadata key of 41 characters", With(b => b["metadata"] = new JsonObject { [new string('k', 41)] = "v" }).ToJsonString() },
        { "metadata key of 40 characters", With(b => b["metadata"] = new JsonObject { [new string('k', 40)] = "v" }).ToJsonString() },
        { "21 metadata entries", With(b => b["metadata"] = new JsonObject([.. Enumerable.Range(0, 21).Select(i => KeyValuePair.Create("k" + i, (JsonNode?)"v"))])).ToJsonString() },
        { "metadata value of 501 characters", With(b => b["metadata"] = new JsonObject { ["k"] = new string('v', 501) }).ToJsonString() },
        { "metadata value not a string", With(b => b["metadata"] = new JsonObject { ["k"] = 1 }).ToJsonString() },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Model_WhenGivenABody_ShouldAgreeWithTheContractValidator(string name, string body)
    {
        var model = await JsonSchema.FromJsonAsync(ModelJson());
        var contractSaysValid = CreateOrderRequestValidator.Validate(Encoding.UTF8.GetBytes(body)).IsValid;
        Assert.True(contractSaysValid == (model.Validate(body).Count == 0), $"{name}: the contract validator says valid={contractSaysValid}, the API model disagrees");
    }

    [Fact]
    public void Model_WhenSynthesized_ShouldBeTheDraft04FormOfTheContractSchema()
    {
        var expected = Draft04Schema.Convert(ContractSchemas.Read(ContractSchemas.CreateOrderRequest));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(ModelJson())), "the API model is not generated from contracts/schemas/CreateOrderRequest.json");
    }

    [Fact]
    public void Model_WhenSynthesized_ShouldDeclareDraft04()
    {
        Assert.Equal(Draft04Schema.MetaSchema, (string?)JsonNode.Parse(ModelJson())!["$schema"]);
    }

    [Fact]
    public void Converter_WhenTheSchemaUsesAnUnknownKeyword_ShouldRefuseInsteadOfDroppingIt()
    {
        Assert.Throws<NotSupportedException>(() => Draft04Schema.Convert("""{"type":"object","if":{"required":["a"]}}"""));
    }

    private string ModelJson() =>
        app.ProdJson.Resources("AWS::ApiGateway::Model").Single().Resource.Properties()["Schema"]!.ToJsonString();
}
