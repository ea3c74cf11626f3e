using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Contracts.Validation;

namespace Fulfilment.Cdk.Tests.Velocity;

/// <summary>
/// A POST /orders request as the mapping templates see it: its raw body, headers and request context. Every case is
/// a body the request model accepts, so API Gateway would render the templates for it.
/// </summary>
public sealed record TemplateCase(string Name, string Body, string IdempotencyKey, string? TraceParent, long RequestTimeEpoch, string RequestId)
{
    public IReadOnlyDictionary<string, string> Headers => TraceParent is null
        ? new Dictionary<string, string> { ["Idempotency-Key"] = IdempotencyKey }
        : new Dictionary<string, string> { ["Idempotency-Key"] = IdempotencyKey, ["traceparent"] = TraceParent };

    /// <summary>The <c>$context</c> of the request on stage <paramref name="stage"/> of <paramref name="domainName"/>.</summary>
    public JsonObject Context(string domainName = "api.example", string stage = "prod") => new()
    {
        ["requestTimeEpoch"] = RequestTimeEpoch,
        ["requestId"] = RequestId,
        ["domainName"] = domainName,
        ["stage"] = stage,
        ["path"] = $"/{stage}/orders",
        ["resourcePath"] = "/orders",
        ["httpMethod"] = "POST",
    };

    public string PlacedAt => DateTimeOffset.FromUnixTimeMilliseconds(RequestTimeEpoch).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public override string ToString() => Name;
}

/// <summary>The contract's examples and the hostile bodies every engine and the local API are checked on.</summary>
public static class TemplateCases
{
    public const string RequestId = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
    public const long RequestTimeEpoch = 1_795_500_000_123; // 2026-11-24T06:00:00.123Z
    public const string ValidTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static IReadOnlyList<TemplateCase> All { get; } = Build();

    public static TemplateCase Named(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in All)
        {
            names.Add(c.Name);
        }

        return names;
    }

    private static List<TemplateCase> Build()
    {
        var newOrderExample = JsonNode.Parse(ContractSchemas.Read(ContractSchemas.NewOrderEventV1))!["examples"]![0]!.AsObject();
        var orderPart = new JsonObject(newOrderExample.Where(p => p.Key is "customerId" or "lines" or "currency" or "paymentToken").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        return
        [
            Case("contract example of CreateOrderRequest", JsonNode.Parse(ContractSchemas.Read(ContractSchemas.CreateOrderRequest))!["examples"]![0]!.ToJsonString()),
            new("contract example of NewOrderEvent", orderPart.ToJsonString(), (string)newOrderExample["idempotencyKey"]!, null,
                DateTimeOffset.Parse((string)newOrderExample["placedAt"]!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), (string)newOrderExample["correlationId"]!),
            Case("double quotes", Order("\"quoted\" \"\" \"", note: "say \"hi\""), epoch: 0),
            Case("backslashes", Order("C:\\orders\\\\new\\", note: "\\\\server\\share\\"), requestId: "00000000-0000-4000-8000-000000000000"),
            Case("apostrophes", Order("O'Brien's", note: "it's ''quoted''"), key: "it's-a-key"),
            Case("dollar references", Order("$context.requestId ${orderId} $!missing", note: "$input.json('$') $util.escapeJavaScript('x') $"), key: "$context.requestId"),
            Case("hash directives", Order("#set($orderId = 'X') #end #foreach", note: "## not a comment #* nor this *# #if(true)yes#end"), key: "##"),
            Case("script tags", Order("</script><script>alert(1)</script>", note: "<!-- --> </SCRIPT>")),
            Case("every JSON escape", EveryEscape()),
            Case("astral-plane characters", Order("😀 𝄞 \U0001F600", note: "🇪🇺 👩‍👩‍👧"), requestId: "ffffffff-ffff-4fff-bfff-ffffffffffff"),
            Case("integer-like metadata keys", Order("cust-7", metadata: new JsonObject { ["2"] = "b", ["1"] = "a", ["10"] = "c" })),
            Case("explicit nulls", With(OrderObject("cust-8"), b =>
            {
                b["shippingAddress"] = new JsonObject { ["name"] = "A", ["line1"] = "B", ["line2"] = null, ["city"] = "C", ["region"] = null, ["postalCode"] = "1", ["country"] = "DE" };
                b["metadata"] = null;
            })),
            Case("pretty-printed body", "{\n  \"customerId\" : \"cust-9\",\r\n\t\"lines\" : [ { \"sku\" : \"SKU-A\" , \"quantity\" : 1 , \"unitPriceMinor\" : 0 } ],\n  \"currency\" : \"JPY\",\n  \"paymentToken\" : \"tok_ok\"\n}\n"),
            Case("50 lines", FiftyLines(), epoch: 1_835_440_496_789), // 2028-02-29T12:34:56.789Z, a leap day
            Case("maximum body size", MaximumBody(), epoch: 1_798_761_599_999), // 2026-12-31T23:59:59.999Z
            Case("valid traceparent", Order("cust-10"), traceParent: ValidTraceParent),
            Case("malformed traceparent", Order("cust-11"), traceParent: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"),
            Case("injected traceparent", Order("cust-12"), traceParent: ValidTraceParent + "\",\"x\":{\"DataType\":\"String\",\"StringValue\":\"y\"}"),
            Case("hostile idempotency key", Order("cust-13"), key: "k'\"/\\1$x#y{}<>&%+"),
        ];
    }

    private static TemplateCase Case(string name, string body, string key = "key-1", string? traceParent = null, long epoch = RequestTimeEpoch, string requestId = RequestId) =>
        new(name, body, key, traceParent, epoch, requestId);

    private static JsonObject With(JsonObject body, Action<JsonObject> change)
    {
        change(body);
        return body;
    }

    private static string Order(string customerId, string? note = null, JsonObject? metadata = null) => OrderObject(customerId, note, metadata).ToJsonString();

    private static JsonObject OrderObject(string customerId, string? note = null, JsonObject? metadata = null)
    {
        var body = new JsonObject
        {
            ["customerId"] = customerId,
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "SKU-RED-MUG", ["quantity"] = 2, ["unitPriceMinor"] = 1250 }),
            ["currency"] = "EUR",
            ["paymentToken"] = "tok_ok",
        };
        if (metadata is not null || note is not null)
        {
            body["metadata"] = metadata ?? new JsonObject { ["note"] = note };
        }

        return body;
    }

    private static TemplateCase Case(string name, JsonObject body) => Case(name, body.ToJsonString());

    // Written by hand: every escape JSON has, in the raw body exactly as a client may send them (control characters
    // only in metadata, the one place the request model allows them).
    private static string EveryEscape() =>
        """{"customerId":"esc \" \\ \/","lines":[{"sku":"SKU-\u0041","quantity":1,"unitPriceMinor":1}],"currency":"EUR","paymentToken":"tok_ok","metadata":{"escapes":"\b \f \n \r \t","controls":"\u0000\u0001\u001f\u007f\u0080\u009f","separators":"\u2028\u2029\ufeff","surrogates":"\ud83d\ude00\uD834\uDD1E","letters":"\u00e9\u00C9\u4e2d"}}""";

    private static string FiftyLines()
    {
        var lines = new JsonArray([.. Enumerable.Range(0, OrderLimits.MaxLines).Select(i => (JsonNode)new JsonObject
        {
            ["sku"] = ("SKU-" + i.ToString("D2", CultureInfo.InvariantCulture)).PadRight(OrderLimits.MaxSkuLength, '_'),
            ["quantity"] = OrderLimits.MaxQuantity,
            ["unitPriceMinor"] = OrderLimits.MaxUnitPriceMinor,
        })]);
        var body = OrderObject("cust-50");
        body["lines"] = lines;
        return body.ToJsonString();
    }

    // Every member at its longest, then padded with whitespace to exactly the body limit the local API enforced.
    private static string MaximumBody()
    {
        var body = new JsonObject
        {
            ["customerId"] = new string('c', OrderLimits.MaxCustomerIdLength),
            ["lines"] = JsonNode.Parse(FiftyLines())!["lines"]!.DeepClone(),
            ["currency"] = "EUR",
            ["paymentToken"] = new string('t', OrderLimits.MaxPaymentTokenLength),
            ["shippingAddress"] = new JsonObject
            {
                ["name"] = new string('n', 200), ["line1"] = new string('1', 200), ["line2"] = new string('2', 200),
                ["city"] = new string('c', 200), ["region"] = new string('r', 200), ["postalCode"] = new string('p', 20), ["country"] = "DE",
            },
            ["metadata"] = new JsonObject([.. Enumerable.Range(0, OrderLimits.MaxMetadataEntries).Select(i => KeyValuePair.Create(
                i.ToString("D2", CultureInfo.InvariantCulture).PadRight(OrderLimits.MaxMetadataKeyLength, 'k'), (JsonNode?)new string('"', OrderLimits.MaxMetadataValueLength)))]),
        };
        var text = body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var padding = OrderLimits.MaxBodyBytes - Encoding.UTF8.GetByteCount(text);
        return "{" + new string(' ', padding) + text[1..];
    }
}
