using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Fulfilment.Local.PaymentProcessor.Tests;

[Trait("Category", "Integration")]
public sealed class FakePaymentProcessorTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakePaymentProcessor _processor = null!;

    public async Task InitializeAsync()
    {
        _processor = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { FlakyFailures = 3, MaxLedgerEntries = 50 }, CancellationToken.None);
        _http.BaseAddress = _processor.BaseAddress;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _processor.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _processor.DisposeAsync();
    }

    [Fact]
    public async Task PostCharge_WhenApiKeyIsMissing_ShouldAnswer401()
    {
        using var anonymous = new HttpClient { BaseAddress = _processor.BaseAddress };

        using var response = await anonymous.SendAsync(Charge("o-auth", "k-auth", "tok_ok"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostCharge_WhenIdempotencyKeyIsMissing_ShouldAnswer400()
    {
        using var request = Charge("o-nokey", "unused", "tok_ok");
        request.Headers.Remove("Idempotency-Key");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PostCharge_WhenSameKeyAndBodyRepeat_ShouldAnswerTheSameBytes()
    {
        using var first = await _http.SendAsync(Charge("o-same", "k-same", "tok_ok"));
        using var second = await _http.SendAsync(Charge("o-same", "k-same", "tok_ok"));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostCharge_WhenSameKeyComesWithAnotherBody_ShouldAnswer422()
    {
        using var first = await _http.SendAsync(Charge("o-reuse", "k-reuse", "tok_ok"));

        using var second = await _http.SendAsync(Charge("o-reuse", "k-reuse", "tok_ok", amount: 1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
    }

    [Fact]
    public async Task PostCharge_WhenSameKeyArrivesConcurrently_ShouldCaptureOnce()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _http.SendAsync(Charge("o-race", "k-race", "tok_ok"))));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Single(_processor.Ledger("o-race").Captures);
    }

    [Fact]
    public async Task PostCharge_WhenTokenIsDeclined_ShouldAnswer402WithDeclineCode()
    {
        using var response = await _http.SendAsync(Charge("o-decl", "k-decl", "tok_insufficient_funds"));

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains("\"decline_code\":\"insufficient_funds\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostCharge_WhenTokenIsFlaky_ShouldFailNTimesThenSucceed()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await _http.SendAsync(Charge("o-flaky", "k-flaky", "tok_flaky"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task GetLedger_WhenChargedAndRefunded_ShouldListOneCaptureAndOneRefund()
    {
        using var charge = await _http.SendAsync(Charge("o-ledger", "k-ledger", "tok_ok"));
        var chargeId = (await charge.Content.ReadFromJsonAsync(ProcessorJsonContext.Default.ChargeResponseBody))!.Id;
        using var refund = new HttpRequestMessage(HttpMethod.Post, "v1/refunds")
        {
            Content = new StringContent($$"""{"charge":"{{chargeId}}","order_id":"o-ledger"}""", Encoding.UTF8, "application/json"),
        };
        refund.Headers.Add("Idempotency-Key", "k-ledger-refund");
        using var refunded = await _http.SendAsync(refund);

        var ledger = await _http.GetFromJsonAsync("ledger?order_id=o-ledger", ProcessorJsonContext.Default.LedgerSnapshot);

        Assert.Equal((1, 1, "k-ledger-refund"), (ledger!.Captures.Count, ledger.Refunds.Count, ledger.Refunds[0].IdempotencyKey));
    }

    [Fact]
    public async Task PostRefund_WhenChargeIsUnknown_ShouldAnswer404()
    {
        using var refund = new HttpRequestMessage(HttpMethod.Post, "v1/refunds")
        {
            Content = new StringContent("""{"charge":"ch_nope","order_id":"o-none"}""", Encoding.UTF8, "application/json"),
        };
        refund.Headers.Add("Idempotency-Key", "k-none");

        using var response = await _http.SendAsync(refund);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PutFaults_WhenErrorRateIsOne_ShouldFailEveryCharge()
    {
        await using var chaos = await FakePaymentProcessor.StartAsync(null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = chaos.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", chaos.ApiKey);
        using var put = await http.PutAsync("admin/faults", new StringContent("""{"error_rate":1,"error_status":500}""", Encoding.UTF8, "application/json"));

        using var response = await http.SendAsync(Charge("o-chaos", "k-chaos", "tok_ok"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task PutFaults_WhenErrorRateIsOutOfRange_ShouldAnswer400()
    {
        using var response = await _http.PutAsync("admin/faults", new StringContent("""{"error_rate":2}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ledger_WhenMoreCapturesThanItsBound_ShouldDropTheOldest()
    {
        for (var i = 0; i < 60; i++)
        {
            using var response = await _http.SendAsync(Charge($"o-bound-{i}", $"k-bound-{i}", "tok_ok"));
        }

        Assert.True(_processor.Ledger().Captures.Count <= 50 && _processor.Ledger().Dropped >= 10);
    }

    private static HttpRequestMessage Charge(string orderId, string key, string token, long amount = 1000)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/charges")
        {
            Content = new StringContent($$"""{"amount":{{amount}},"currency":"EUR","payment_token":"{{token}}","order_id":"{{orderId}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
