using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;
using NJsonSchema;

namespace Fulfilment.Contracts.Tests;

public sealed class SchemaTests
{
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
        ContractSchemas.All.ToDictionary(n => n, n => JsonSchema.FromJsonAsync(ContractSchemas.Read(n)).GetAwaiter().GetResult()));

    public static TheoryData<string, string> GoodDocuments()
    {
        var data = new TheoryData<string, string>
        {
            { ContractSchemas.CreateOrderRequest, Json(Samples.CreateOrder) },
            { ContractSchemas.CreateOrderRequest, Json(Samples.MinimalCreateOrder) },
            { ContractSchemas.NewOrderEventV1, JsonSerializer.Serialize(Samples.NewOrder, ContractsJsonContext.Default.NewOrderEvent) },
        };
        var previous = (OrderStatus?)null;
        var sequence = 1;
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            data.Add(ContractSchemas.OrderStatusChangedV1, JsonSerializer.Serialize(Samples.StatusChanged(status, previous, sequence++, previous is null ? null : "because"), ContractsJsonContext.Default.OrderStatusChanged));
            previous = status;
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoodDocuments))]
    public void Validate_WhenDocumentIsSerializedRecord_ShouldHaveNoErrors(string schema, string json)
    {
        var errors = Schemas.Value[schema].Validate(json);

        Assert.Empty(errors.Select(e => $"{e.Path}: {e.Kind}"));
    }

    [Theory]
    [MemberData(nameof(GoodDocuments))]
    public void Examples_WhenSchemaDeclaresThem_ShouldValidateAgainstItsOwnSchema(string schema, string unused)
    {
        _ = unused;
        var document = JsonNode.Parse(ContractSchemas.Read(schema))!;

        foreach (var example in document["examples"]!.AsArray())
        {
            Assert.Empty(Schemas.Value[schema].Validate(example!.ToJsonString()));
        }
    }

    public static TheoryData<string, string, string> BadCreateOrderRequests() => new()
    {
        { "missing customerId", """{"lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.customerId" },
        { "quantity as string", """{"customerId":"c","lines":[{"sku":"A","quantity":"1","unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].quantity" },
        { "negative quantity", """{"customerId":"c","lines":[{"sku":"A","quantity":-1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].quantity" },
        { "quantity over 1000", """{"customerId":"c","lines":[{"sku":"A","quantity":1001,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].quantity" },
        { "fractional money", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":12.5}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].unitPriceMinor" },
        { "negative money", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":-5}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].unitPriceMinor" },
        { "unknown currency", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"EUX","paymentToken":"tok_ok"}""", "$.currency" },
        { "lower-case currency", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"eur","paymentToken":"tok_ok"}""", "$.currency" },
        { "no lines", """{"customerId":"c","lines":[],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines" },
        { "51 lines", $$"""{"customerId":"c","lines":[{{string.Join(",", Enumerable.Repeat("""{"sku":"A","quantity":1,"unitPriceMinor":1}""", 51))}}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines" },
        { "bad SKU characters", """{"customerId":"c","lines":[{"sku":"red mug","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].sku" },
        { "SKU too long", $$"""{"customerId":"c","lines":[{"sku":"{{new string('A', 65)}}","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines[0].sku" },
        { "unknown property", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok","coupon":"X"}""", "$.coupon" },
        { "lines not an array", """{"customerId":"c","lines":{"sku":"A"},"currency":"EUR","paymentToken":"tok_ok"}""", "$.lines" },
        { "bad country", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok","shippingAddress":{"name":"n","line1":"l","city":"c","postalCode":"p","country":"germany"}}""", "$.shippingAddress.country" },
        { "metadata value not a string", """{"customerId":"c","lines":[{"sku":"A","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok","metadata":{"n":1}}""", "$.metadata.n" },
        { "root is an array", """[1,2]""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadCreateOrderRequests))]
    public void Schema_WhenCreateOrderRequestIsBad_ShouldReject(string why, string json, string unusedPath)
    {
        _ = unusedPath;

        Assert.True(Schemas.Value[ContractSchemas.CreateOrderRequest].Validate(json).Count > 0, why);
    }

    [Theory]
    [MemberData(nameof(BadCreateOrderRequests))]
    public void Validator_WhenCreateOrderRequestIsBad_ShouldNameThePath(string why, string json, string path)
    {
        var outcome = CreateOrderRequestValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.True(outcome.Problems.Any(p => p.Path == path), $"{why}: got {string.Join("; ", outcome.Problems)}");
    }

    public static TheoryData<string> GoodCreateOrderRequests() => new()
    {
        Json(Samples.CreateOrder),
        Json(Samples.MinimalCreateOrder),
        """{"customerId":"c","lines":[{"sku":"A","quantity":1000,"unitPriceMinor":10000000000}],"currency":"JPY","paymentToken":"tok_ok","shippingAddress":null,"metadata":null}""",
        """{"customerId":"Zoë ☕","lines":[{"sku":"A-1_B","quantity":1,"unitPriceMinor":0}],"currency":"EUR","paymentToken":"t","metadata":{"note":"émoji 🎉"}}""",
    };

    [Theory]
    [MemberData(nameof(GoodCreateOrderRequests))]
    public void Validator_WhenRequestIsGood_ShouldAccept(string json)
    {
        var outcome = CreateOrderRequestValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.True(outcome.IsValid, string.Join("; ", outcome.Problems));
    }

    [Theory]
    [MemberData(nameof(GoodCreateOrderRequests))]
    public void Schema_WhenRequestIsGood_ShouldAccept(string json)
    {
        Assert.Empty(Schemas.Value[ContractSchemas.CreateOrderRequest].Validate(json));
    }

    [Fact]
    public void Validator_WhenManyThingsAreWrong_ShouldReportEveryProblemAtOnce()
    {
        const string json = """{"lines":[{"sku":"a b","quantity":0,"unitPriceMinor":1.5}],"currency":"XXX"}""";

        var outcome = CreateOrderRequestValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Equal(
            ["$.currency", "$.customerId", "$.lines[0].quantity", "$.lines[0].sku", "$.lines[0].unitPriceMinor", "$.paymentToken"],
            outcome.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validator_WhenBodyIsNotJson_ShouldReportOneProblemAtRoot()
    {
        var outcome = CreateOrderRequestValidator.Validate("{\"customerId\":"u8);

        Assert.Equal("$", Assert.Single(outcome.Problems).Path);
    }

    public static TheoryData<string, byte[]> AmbiguousBodies()
    {
        const string order = """{"customerId":"c-1","lines":[{"sku":"SKU-1","quantity":1,"unitPriceMinor":100}],"currency":"EUR","paymentToken":"tok_ok"}""";
        var utf8 = System.Text.Encoding.UTF8;
        return new TheoryData<string, byte[]>
        {
            { "trailing garbage", utf8.GetBytes(order + " trailing") },
            { "two orders", utf8.GetBytes(order + order) },
            { "duplicate property", utf8.GetBytes(order.Replace("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"currency\":\"USD\"", StringComparison.Ordinal)) },
            { "lone surrogate escape", utf8.GetBytes(order.Replace("c-1", "c-\\ud800", StringComparison.Ordinal)) },
            { "bytes that are not UTF-8", [.. utf8.GetBytes(order[..16]), 0xC3, 0x28, .. utf8.GetBytes(order[16..])] },
        };
    }

    [Theory]
    [MemberData(nameof(AmbiguousBodies))]
    public void Validator_WhenBodyIsNotExactlyOneValidDocument_ShouldRefuseIt(string what, byte[] body)
    {
        var outcome = CreateOrderRequestValidator.Validate(body);

        Assert.False(outcome.IsValid, $"{what} was accepted");
    }

    [Fact]
    public void Validator_WhenNestingIsDeep_ShouldReportProblemInsteadOfThrowing()
    {
        var json = new string('[', 200) + new string(']', 200);

        var outcome = CreateOrderRequestValidator.Validate(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.False(outcome.IsValid);
    }

    [Fact]
    public void CurrencyEnum_WhenComparedWithCode_ShouldListExactlyTheKnownCurrencies()
    {
        var document = JsonNode.Parse(ContractSchemas.Read(ContractSchemas.CreateOrderRequest))!;
        var inSchema = document["properties"]!["currency"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(Currencies.All, inSchema.Order(StringComparer.Ordinal));
    }

    private static string Json(CreateOrderRequest request) => JsonSerializer.Serialize(request, ContractsJsonContext.Default.CreateOrderRequest);
}
