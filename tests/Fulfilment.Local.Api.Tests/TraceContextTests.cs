using System.Diagnostics;
using System.Net;
using Fulfilment.Contracts.Orders;
using Fulfilment.Lambda.Testing;
using Fulfilment.Lambda.Tracing;

namespace Fulfilment.Local.Api.Tests;

/// <summary>
/// POST /orders continues or starts a W3C trace and puts the POST span's traceparent on the queued message; GET
/// /orders/{orderId} is a span of its own whose context the status function continues.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TraceContextTests(ApiFixture api)
{
    private const string GoodBody = """{"customerId":"cust-1","lines":[{"sku":"SKU-A","quantity":1,"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"tok_ok"}""";
    private const string Incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public async Task Post_WhenTraceparentIsValid_ShouldQueueAChildOfItsTrace()
    {
        var queued = await QueuedTraceparentAsync(Incoming);

        Assert.True(
            TraceParent.TryParse(queued, out var child) && child.TraceId.ToHexString() == "4bf92f3577b34da6a3ce929d0e0e4736" && child.ParentId.ToHexString() != "00f067aa0ba902b7",
            $"queued traceparent: {queued}");
    }

    [Theory]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    [InlineData("garbage")]
    public async Task Post_WhenTraceparentIsInvalid_ShouldAcceptAndStartANewTrace(string invalid)
    {
        var queued = await QueuedTraceparentAsync(invalid);

        Assert.True(TraceParent.TryParse(queued, out var started) && !invalid.Contains(started.TraceId.ToHexString(), StringComparison.OrdinalIgnoreCase), $"queued traceparent: {queued}");
    }

    [Fact]
    public async Task Post_WhenNoTraceparent_ShouldQueueANewValidOne()
    {
        var queued = await QueuedTraceparentAsync(null);

        Assert.True(TraceParent.TryParse(queued, out _), $"queued traceparent: {queued}");
    }

    [Fact]
    public async Task Get_WhenTraceparentIsValid_ShouldRunTheStatusFunctionInAChildOfTheGetSpan()
    {
        using var recorder = new SpanRecorder("Fulfilment.Api", InvocationTrace.SourceName);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/{OrderIds.New()}");
        request.Headers.Add("x-api-key", ApiFixture.ApiKey);
        request.Headers.TryAddWithoutValidation(TraceParent.Name, $"00-{traceId.ToHexString()}-00f067aa0ba902b7-01");

        using var response = await api.Http.SendAsync(request);

        var spans = recorder.InTrace(traceId);
        var get = spans.Single(a => a.OperationName == "GET /orders/{orderId}");
        var status = spans.Single(a => a.OperationName == "status");
        Assert.Equal((HttpStatusCode.NotFound, "00f067aa0ba902b7", get.SpanId), (response.StatusCode, get.ParentSpanId.ToHexString(), status.ParentSpanId));
    }

    private async Task<string?> QueuedTraceparentAsync(string? traceparent)
    {
        await api.DrainAsync();
        var request = api.Post(GoodBody, Guid.NewGuid().ToString());
        if (traceparent is not null)
        {
            request.Headers.TryAddWithoutValidation(TraceParent.Name, traceparent);
        }

        using var response = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(await api.DrainAsync());
        return message.MessageAttributes.TryGetValue(TraceParent.Name, out var value) ? value.StringValue : null;
    }
}
