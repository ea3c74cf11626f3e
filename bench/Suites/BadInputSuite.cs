using System.Net.Http.Headers;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Fulfilment.Bench.Suites.Orders;
using Fulfilment.Local.Host;
using static Fulfilment.Bench.Suites.Orders.Stats;

namespace Fulfilment.Bench.Suites;

/// <summary>
/// Bad-input campaign against POST /orders (issue 12): generated malformed requests — wrong types, huge numbers, unicode
/// edge cases, deep nesting, 10 MB bodies, slow bodies, bad headers — each must get a 4xx problem+json, nothing may be
/// enqueued, and the server must still be healthy and accept a good order afterwards.
/// </summary>
public sealed class BadInputSuite : IBenchSuite
{
    private const string Good = """{"customerId":"cust-1","lines":[{"sku":"BAD-1","quantity":1,"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"tok_ok"}""";

    /// <inheritdoc />
    public string Name => "badinput";

    /// <inheritdoc />
    public string Description => "≥ 200 malformed POST /orders: every one 4xx problem+json, nothing enqueued, server still healthy";

    /// <inheritdoc />
    public async Task<string> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        await using var stack = await StackRunner.StartAsync(null, null, 4, cancellationToken);
        await stack.Inventory.SetStockAsync("BAD-1", 1_000, cancellationToken);
        using var http = new HttpClient { BaseAddress = stack.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        var before = await OrderCountAsync(stack, cancellationToken);

        var cases = Generate().ToList();
        var outcomes = new List<(string Category, string Name, int Status, bool Problem)>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (c, ct) =>
        {
            var (status, problem) = await SendAsync(http, stack.Options.ApiKey, c, ct);
            lock (outcomes)
            {
                outcomes.Add((c.Category, c.Name, status, problem));
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // anything enqueued would be recorded by intake by now
        var after = await OrderCountAsync(stack, cancellationToken);
        var depth = await stack.Sqs.GetQueueAttributesAsync(stack.QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken);
        using var health = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        var goodStatus = await SendAsync(http, stack.Options.ApiKey, new Case("control", "good order", Good), cancellationToken);

        var failures = outcomes.Where(o => o.Status is < 400 or >= 500 || !o.Problem).ToList();
        var md = new StringBuilder();
        md.AppendLine("| category | requests | 4xx problem+json | status codes |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var group in outcomes.GroupBy(o => o.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            md.AppendLine(F($"| {group.Key} | {group.Count()} | {group.Count(o => o.Status is >= 400 and < 500 && o.Problem)} | {string.Join(", ", group.GroupBy(o => o.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"))} |"));
        }

        md.AppendLine(F($"| **total** | **{outcomes.Count}** | **{outcomes.Count - failures.Count}** | |"));
        md.AppendLine();
        var accepted = outcomes.Count(o => o.Status == 202);
        md.AppendLine(F($"Orders recorded before/after: {before}/{after}; {accepted} bad request(s) were accepted (202), so {after - before - accepted} order(s) were enqueued without a 202 (nothing enqueued for the refused ones: {(after - before == accepted ? "yes" : "NO")}); queue depth after: {depth.ApproximateNumberOfMessages} visible, {depth.ApproximateNumberOfMessagesNotVisible} in flight. GET /health after: {(int)health.StatusCode}. A good order after the campaign: {goodStatus.Status}."));
        foreach (var f in failures.OrderBy(f => f.Category, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            md.AppendLine(F($"- NOT 4xx problem+json: {f.Category} / {f.Name}: {f.Status}{(f.Problem ? "" : " (not problem+json)")}"));
        }

        return md.ToString();
    }

    private static async Task<int> OrderCountAsync(LocalStack stack, CancellationToken ct) =>
        (await stack.Dynamo.ScanAsync(new ScanRequest { TableName = "fulfilment-orders", Select = Amazon.DynamoDBv2.Select.COUNT, ConsistentRead = true }, ct)).Count ?? 0;

    private static async Task<(int Status, bool Problem)> SendAsync(HttpClient http, string apiKey, Case c, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders");
            HttpContent content = c.SlowChunks > 0 ? new SlowContent(Encoding.UTF8.GetBytes(c.Body), c.SlowChunks) : new ByteArrayContent(c.Raw ?? Encoding.UTF8.GetBytes(c.Body));
            content.Headers.ContentType = c.ContentType is null ? null : MediaTypeHeaderValue.Parse(c.ContentType);
            request.Content = content;
            if (c.ApiKey != "")
            {
                request.Headers.TryAddWithoutValidation("x-api-key", c.ApiKey ?? apiKey);
            }

            if (c.IdempotencyKey != "")
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", c.IdempotencyKey ?? Guid.NewGuid().ToString());
            }

            using var response = await http.SendAsync(request, ct);
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/problem+json");
        }
        catch (HttpRequestException)
        {
            return (0, false); // connection reset: not an answer
        }
    }

    private static IEnumerable<Case> Generate()
    {
        var fields = new[] { "customerId", "currency", "paymentToken" };
        var wrongValues = new[] { "123", "true", "null", "[]", "{}", "1.5", "\"\"", "[\"a\"]", "-0" };
        foreach (var field in fields)
        {
            foreach (var value in wrongValues)
            {
                yield return new Case("wrong types", $"{field}={value}", Replace(Good, field, value));
            }
        }

        foreach (var (field, values) in new[] { ("quantity", new[] { "\"1\"", "true", "null", "[]", "{}", "1.5" }), ("unitPriceMinor", new[] { "\"1250\"", "false", "null", "[1]", "{}", "12.50" }), ("sku", new[] { "1", "null", "[]", "{}", "true", "\"\"" }) })
        {
            foreach (var value in values)
            {
                yield return new Case("wrong types", $"lines[0].{field}={value}", ReplaceLine(field, value));
            }
        }

        foreach (var lines in new[] { "null", "{}", "\"x\"", "1", "[]", "[1]", "[null]", "[[]]" })
        {
            yield return new Case("wrong types", $"lines={lines}", Replace(Good, "lines", lines));
        }

        foreach (var value in new[] { "0", "-1", "1001", "2147483648", "9223372036854775808", "1e308", "1e400", "99999999999999999999999999999999", "-9223372036854775809", "1E4", "0.0000001", "-0.0" })
        {
            yield return new Case("huge numbers", $"quantity={value}", ReplaceLine("quantity", value));
        }

        // Prices: negative, fractional, beyond 64 bits, or exponent forms of those (a large but valid price is not bad input).
        foreach (var value in new[] { "-1", "-5", "12.5", "9223372036854775808", "1e400", "99999999999999999999999999999999", "-9223372036854775809", "0.0000001", "1e-5", "-1e3", "NaN", "Infinity" })
        {
            yield return new Case("huge numbers", $"unitPriceMinor={value}", ReplaceLine("unitPriceMinor", value));
        }

        yield return new Case("huge numbers", "51 lines", Replace(Good, "lines", "[" + string.Join(',', Enumerable.Range(0, 51).Select(i => $$"""{"sku":"S{{i}}","quantity":1,"unitPriceMinor":1}""")) + "]"));
        yield return new Case("huge numbers", "sku 10k chars", ReplaceLine("sku", "\"" + new string('S', 10_000) + "\""));

        foreach (var (name, text) in new[]
        {
            ("lone high surrogate", "\"\\ud800\""), ("lone low surrogate", "\"\\udc00\""), ("NUL", "\"a\\u0000b\""), ("RTL override", "\"\\u202Eabc\""),
            ("zero-width space only", "\"\\u200B\""), ("BOM only", "\"\\uFEFF\""), ("emoji", "\"💳💳\""), ("combining marks", "\"e\\u0301\\u0301\\u0301\""),
            ("control chars", "\"\\u0001\\u0002\\u001f\""), ("whitespace only", "\"   \""), ("newline", "\"a\\nb\""), ("fullwidth", "\"ＥＵＲ\""),
        })
        {
            yield return new Case("unicode", $"currency {name}", Replace(Good, "currency", text));
        }

        // customerId may hold any well-formed text; what is not well-formed text at all must be refused.
        foreach (var (name, text) in new[]
        {
            ("lone high surrogate", "\"\\ud800\""), ("lone low surrogate", "\"\\udc00\""), ("reversed pair", "\"\\udc00\\ud800\""), ("high surrogate then text", "\"\\ud800x\""),
            ("NUL", "\"a\\u0000b\""), ("control chars", "\"\\u0001\\u0002\\u001f\""), ("raw tab", "\"a\tb\""), ("raw newline", "\"a\nb\""),
            ("bad escape", "\"\\x41\""), ("short unicode escape", "\"\\u12\""), ("unterminated", "\"abc"), ("empty", "\"\""),
        })
        {
            yield return new Case("unicode", $"customerId {name}", Replace(Good, "customerId", text));
        }

        foreach (var bytes in new[] { new byte[] { 0xC0, 0xAF }, [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x28, 0xA1] })
        {
            var raw = Encoding.UTF8.GetBytes(Good.Replace("cust-1", "cust-X", StringComparison.Ordinal)).ToList();
            var at = raw.IndexOf((byte)'X');
            raw.RemoveAt(at);
            raw.InsertRange(at, bytes);
            yield return new Case("unicode", $"invalid UTF-8 {Convert.ToHexString(bytes)}", "") { Raw = [.. raw] };
        }

        foreach (var depth in new[] { 64, 65, 200, 1_000, 10_000, 100_000 })
        {
            yield return new Case("deep nesting", $"arrays depth {depth}", new string('[', depth) + new string(']', depth));
            yield return new Case("deep nesting", $"metadata objects depth {depth}", Good.TrimEnd('}') + ",\"metadata\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}");
        }

        foreach (var size in new[] { 256 * 1024 + 1, 1 << 20, 10 << 20 })
        {
            yield return new Case("large bodies", $"{size / 1024} KB metadata", Good.TrimEnd('}') + ",\"metadata\":{\"pad\":\"" + new string('x', size) + "\"}}");
        }

        yield return new Case("large bodies", "10 MB of whitespace then a good order", new string(' ', 10 << 20) + Good);

        foreach (var chunks in new[] { 5, 10, 20 })
        {
            yield return new Case("slow bodies", $"malformed over {chunks} slow chunks", Good.Replace("\"quantity\":1", "\"quantity\":\"one\"", StringComparison.Ordinal)) { SlowChunks = chunks };
            yield return new Case("slow bodies", $"truncated over {chunks} slow chunks", Good[..40]) { SlowChunks = chunks };
        }

        foreach (var (name, body) in new[]
        {
            ("empty", ""), ("null", "null"), ("array", "[]"), ("number", "42"), ("string", "\"order\""), ("truncated", Good[..30]),
            ("trailing garbage", Good + "xyz"), ("two documents", Good + Good), ("single quotes", Good.Replace('"', '\'')), ("comment", "/*x*/" + Good),
            ("trailing comma", Good.TrimEnd('}') + ",}"), ("missing customerId", Good.Replace("\"customerId\":\"cust-1\",", "", StringComparison.Ordinal)),
            ("missing lines", Good.Replace("\"lines\":[{\"sku\":\"BAD-1\",\"quantity\":1,\"unitPriceMinor\":1250}],", "", StringComparison.Ordinal)),
            ("missing everything", "{}"), ("currency lowercase", Replace(Good, "currency", "\"eur\"")), ("currency 4 letters", Replace(Good, "currency", "\"EURO\"")),
            ("duplicate key", Good.TrimEnd('}') + ",\"currency\":\"USD\"}"),
        })
        {
            yield return new Case("malformed JSON and schema", name, body);
        }

        foreach (var (name, type) in new[] { ("text/plain", "text/plain"), ("form", "application/x-www-form-urlencoded"), ("xml", "application/xml"), ("no content type", (string?)null), ("multipart", "multipart/form-data; boundary=x") })
        {
            yield return new Case("headers", $"content type {name}", Good) { ContentType = type };
        }

        foreach (var value in new[] { "123", "\"x\"", "[]", "true", "{\"a\":1}", "{\"a\":[1]}", "{\"a\":null}", "{\"a\":{}}", "1e400" })
        {
            yield return new Case("wrong types", $"metadata={value}", Good.TrimEnd('}') + ",\"metadata\":" + value + "}");
            yield return new Case("wrong types", $"shippingAddress={value}", Good.TrimEnd('}') + ",\"shippingAddress\":" + value + "}");
        }

        // Every prefix of a good body is malformed JSON: a cheap, systematic truncation fuzz.
        for (var cut = 1; cut < Good.Length; cut += 3)
        {
            yield return new Case("truncations", $"first {cut} bytes", Good[..cut]);
        }

        yield return new Case("headers", "no api key", Good) { ApiKey = "" };
        yield return new Case("headers", "wrong api key", Good) { ApiKey = "not-the-key" };
        yield return new Case("headers", "api key with spaces", Good) { ApiKey = "local dev key" };
        yield return new Case("headers", "no Idempotency-Key", Good) { IdempotencyKey = "" };
        yield return new Case("headers", "Idempotency-Key 10k chars", Good) { IdempotencyKey = new string('k', 10_000) };
    }

    private static string Replace(string json, string field, string value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var text = node.ToJsonString();
        var marker = $"\"{field}\":";
        var start = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = field == "lines" ? text.IndexOf(']', start) + 1 : text.IndexOf(',', start) is var comma and > 0 && comma < text.IndexOf('}', start) ? comma : text.IndexOf('}', start);
        return text[..start] + value + text[end..];
    }

    private static string ReplaceLine(string field, string value) =>
        $$"""{"customerId":"cust-1","lines":[{{"{"}}{{(field == "sku" ? $"\"sku\":{value}" : "\"sku\":\"BAD-1\"")}},{{(field == "quantity" ? $"\"quantity\":{value}" : "\"quantity\":1")}},{{(field == "unitPriceMinor" ? $"\"unitPriceMinor\":{value}" : "\"unitPriceMinor\":1250")}}}],"currency":"EUR","paymentToken":"tok_ok"}""";

    private sealed record Case(string Category, string Name, string Body)
    {
        public byte[]? Raw { get; init; }

        public string? ContentType { get; init; } = "application/json";

        public string? ApiKey { get; init; }

        public string? IdempotencyKey { get; init; }

        public int SlowChunks { get; init; }
    }

    /// <summary>A body sent in small chunks with pauses: a slow client must not hold the server or get anything accepted.</summary>
    private sealed class SlowContent(byte[] body, int chunks) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var size = Math.Max(1, body.Length / chunks);
            for (var offset = 0; offset < body.Length; offset += size)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(size, body.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(150);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
