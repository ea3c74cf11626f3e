using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Fulfilment.Local.PaymentProcessor.Tests;

/// <summary>With a journal, the processor keeps its idempotency keys and ledger across a restart, like a real one.</summary>
[Trait("Category", "Integration")]
public sealed class ProcessorJournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fulfilment-processor-" + Guid.NewGuid().ToString("N")[..8]);

    private string JournalPath => Path.Combine(_directory, "processor.jsonl");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PostCharge_WhenKeyIsReplayedAfterRestart_ShouldAnswerTheSameChargeWithoutCapturingAgain()
    {
        string before;
        await using (var first = await StartAsync())
        {
            before = await ChargeAsync(first, "o-restart", "k-restart");
        }

        await using var second = await StartAsync();
        var after = await ChargeAsync(second, "o-restart", "k-restart");

        Assert.Equal((before, 1), (after, second.Ledger("o-restart").Captures.Count));
    }

    [Fact]
    public async Task PostRefund_WhenChargeWasRefundedBeforeRestart_ShouldRefuseASecondRefund()
    {
        string chargeId;
        await using (var first = await StartAsync())
        {
            chargeId = ChargeId(await ChargeAsync(first, "o-refund", "k-refund"));
            using var refunded = await RefundAsync(first, chargeId, "k-refund-1");
        }

        await using var second = await StartAsync();
        using var again = await RefundAsync(second, chargeId, "k-refund-2");

        Assert.Equal((HttpStatusCode.BadRequest, 1), (again.StatusCode, second.Ledger("o-refund").Refunds.Count));
    }

    [Fact]
    public async Task StartAsync_WhenJournalEndsInATornLine_ShouldDropItAndKeepTheRest()
    {
        await using (var first = await StartAsync())
        {
            await ChargeAsync(first, "o-torn", "k-torn");
        }

        await File.AppendAllTextAsync(JournalPath, """{"key":"k-half","charge":{"amo""");

        await using var second = await StartAsync();

        Assert.Single(second.Ledger().Captures);
    }

    [Fact]
    public async Task StartAsync_WhenAJournalLineInTheMiddleIsDamaged_ShouldRefuseToStart()
    {
        await using (var first = await StartAsync())
        {
            await ChargeAsync(first, "o-damaged", "k-damaged");
        }

        await File.WriteAllTextAsync(JournalPath, "not json\n" + await File.ReadAllTextAsync(JournalPath));

        await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync());
    }

    private Task<FakePaymentProcessor> StartAsync() =>
        FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { JournalPath = JournalPath }, CancellationToken.None);

    private static HttpClient Client(FakePaymentProcessor processor)
    {
        var http = new HttpClient { BaseAddress = processor.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", processor.ApiKey);
        return http;
    }

    private static async Task<string> ChargeAsync(FakePaymentProcessor processor, string orderId, string key)
    {
        using var http = Client(processor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/charges")
        {
            Content = new StringContent($$"""{"amount":1000,"currency":"EUR","payment_token":"tok_ok","order_id":"{{orderId}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> RefundAsync(FakePaymentProcessor processor, string chargeId, string key)
    {
        using var http = Client(processor);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/refunds")
        {
            Content = new StringContent($$"""{"charge":"{{chargeId}}","order_id":"o-refund"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private static string ChargeId(string chargeJson) =>
        System.Text.Json.JsonSerializer.Deserialize(chargeJson, ProcessorJsonContext.Default.ChargeResponseBody)!.Id;
}
