using System.Net;
using System.Text.Json.Nodes;
using Fulfilment.Local.PaymentProcessor;

namespace Fulfilment.Local.OpsConsole.Tests;

[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleApiTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task GetExecutions_WhenCompensationFailed_ShouldNameFailingStateAndError()
    {
        var list = await GetJsonAsync("/console/api/executions");

        var row = Row(list, fixture.FailedOrder);
        Assert.Equal(("FAILED", "CompensationFailed", "CompensationFailed"), ((string?)row["status"], (string?)row["failingState"], (string?)row["error"]));
    }

    [Fact]
    public async Task GetExecutions_WhenFilteredByStatus_ShouldListOnlyThatStatus()
    {
        var list = await GetJsonAsync("/console/api/executions?status=FAILED");

        Assert.All(list["items"]!.AsArray(), item => Assert.Equal("FAILED", (string?)item!["status"]));
    }

    [Fact]
    public async Task GetExecutions_WhenFilteredByErrorName_ShouldMatchIgnoringCase()
    {
        var list = await GetJsonAsync("/console/api/executions?error=compensationfailed");

        Assert.Contains(fixture.FailedOrder, Names(list));
        Assert.DoesNotContain(fixture.CompletedOrder, Names(list));
    }

    [Fact]
    public async Task GetExecutions_WhenStartedAfterNow_ShouldListNothing()
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));

        var list = await GetJsonAsync($"/console/api/executions?since={since}");

        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task GetExecution_WhenCompensationFailed_ShouldDeriveOutcomesFromHistory()
    {
        var detail = await GetJsonAsync($"/console/api/executions/{fixture.FailedOrder}");

        var outcomes = detail["states"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string)s!["outcome"]!);
        Assert.Equal(
            ("caught", "notReached", "caught", "failed", false),
            (outcomes["ChargePayment"], outcomes.GetValueOrDefault("CommitInventory", "notReached"), outcomes["RefundPayment"], outcomes["CompensationFailed"], outcomes.ContainsKey("NotifyCustomer")));
    }

    [Fact]
    public async Task GetExecution_WhenRefundKeptFailing_ShouldListEveryFailedAttempt()
    {
        var detail = await GetJsonAsync($"/console/api/executions/{fixture.FailedOrder}");

        var refund = detail["states"]!.AsArray().Single(s => (string?)s!["name"] == "RefundPayment")!;
        // 7 attempts (MaxAttempts 6) in each of the two rounds: Compensate retries the whole branch once (docs/workflow.md).
        Assert.Equal(14, refund["failures"]!.AsArray().Count);
    }

    [Fact]
    public async Task GetExecution_WhenUnknown_ShouldAnswer404()
    {
        using var response = await fixture.Edge.GetAsync("/console/api/executions/01NOSUCHORDER0000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PostRedrive_WhenActionHeaderIsMissing_ShouldAnswer403()
    {
        using var response = await fixture.Edge.PostAsync($"/console/api/executions/{fixture.FailedOrder}/redrive", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PostRedrive_WhenExecutionSucceeded_ShouldAnswer409()
    {
        using var response = await PostActionAsync($"/console/api/executions/{fixture.CompletedOrder}/redrive");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task PostStop_WhenExecutionIsRunning_ShouldAbortIt()
    {
        // The processor answers after 4 s, so the execution is still charging when the stop arrives.
        var previous = fixture.Stack.PaymentProcessor.Faults;
        fixture.Stack.PaymentProcessor.Faults = new FaultSettings(AddedLatencyMs: 4000);
        try
        {
            var orderId = await fixture.PostOrderAsync(ConsoleFixture.Sku, 1);
            await fixture.WaitForStartAsync(orderId, CancellationToken.None);

            using var response = await PostActionAsync($"/console/api/executions/{orderId}/stop");
            var outcome = await fixture.WaitForExecutionAsync(orderId, CancellationToken.None);

            Assert.Equal((HttpStatusCode.OK, "ABORTED"), (response.StatusCode, outcome.Status));
        }
        finally
        {
            fixture.Stack.PaymentProcessor.Faults = previous;
        }
    }

    [Fact]
    public async Task GetOrder_WhenCompleted_ShouldShowLedgerNotificationAndEvents()
    {
        var order = await GetJsonAsync($"/console/api/orders/{fixture.CompletedOrder}");

        Assert.Equal(
            ("Completed", "capture", "OrderConfirmed", 4),
            ((string?)order["order"]!["status"], (string?)order["ledger"]![0]!["kind"], (string?)order["notifications"]![0]!["kind"], order["events"]!.AsArray().Count));
    }

    [Fact]
    public async Task GetOrder_WhenRejected_ShouldHaveNoReservationOrPayment()
    {
        var order = await GetJsonAsync($"/console/api/orders/{fixture.RejectedOrder}");

        Assert.Equal(("Rejected", null, null), ((string?)order["order"]!["status"], order["reservation"], order["payment"]));
    }

    [Fact]
    public async Task GetStock_WhenEveryOrderSettled_ShouldPassTheConservationCheck()
    {
        var stock = await GetJsonAsync("/console/api/stock");

        Assert.True((bool)stock["balanced"]!, stock.ToJsonString());
    }

    [Fact]
    public async Task DeadLetters_WhenPeekedThenRedriven_ShouldKeepThenMoveOnlyThatMessage()
    {
        var sent = await fixture.Stack.Sqs.SendMessageAsync(fixture.Stack.DeadLetterQueueUrl, """{"note":"console api test"}""");
        var firstPeek = await DeadLetterIdsAsync();
        var secondPeek = await DeadLetterIdsAsync();

        using var redrive = await PostActionAsync($"/console/api/dlq/redrive?messageId={sent.MessageId}");
        var moved = JsonNode.Parse(await redrive.Content.ReadAsStringAsync())!;
        var afterRedrive = await DeadLetterIdsAsync();

        Assert.Equal(
            (true, true, 1, false, true),
            (firstPeek.Contains(sent.MessageId), secondPeek.Contains(sent.MessageId), (int)moved["moved"]!, afterRedrive.Contains(sent.MessageId), afterRedrive.Contains(fixture.DeadLetterMessageId)));
    }

    [Fact]
    public async Task GetConsole_WhenSlashIsMissing_ShouldRedirectToThePage()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Stack.EdgeUrl };

        using var response = await client.GetAsync("/console");

        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task GetConsole_WhenRequested_ShouldServeThePage()
    {
        using var response = await fixture.Edge.GetAsync("/console/");

        Assert.Equal(("text/html", true), (response.Content.Headers.ContentType?.MediaType, (await response.Content.ReadAsStringAsync()).Contains("Fulfilment console", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GetConsole_WhenHostIsNotLoopback_ShouldAnswer421InTheConsoleErrorShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/api/stock");
        request.Headers.Host = "attacker.example";

        using var response = await fixture.Edge.SendAsync(request);

        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((HttpStatusCode.MisdirectedRequest, "MisdirectedRequest"), (response.StatusCode, (string?)error["error"]));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task GetConsole_WhenHostIsALoopbackName_ShouldServeIt(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/api/stock");
        request.Headers.Host = $"{host}:{fixture.Edge.BaseAddress!.Port}";

        using var response = await fixture.Edge.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AwsDispatch_WhenConsoleIsMapped_ShouldStillAnswerStepFunctionsCalls()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions.ListStateMachines");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20261124/us-east-1/states/aws4_request, SignedHeaders=host;x-amz-target, Signature=0");
        request.Headers.Add("X-Amz-Date", "20261124T000000Z");

        using var response = await fixture.Edge.SendAsync(request);

        Assert.Contains("order-fulfilment", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonObject Row(JsonNode list, string name) =>
        list["items"]!.AsArray().Single(i => (string?)i!["name"] == name)!.AsObject();

    private static List<string?> Names(JsonNode list) => [.. list["items"]!.AsArray().Select(i => (string?)i!["name"])];

    private async Task<HashSet<string>> DeadLetterIdsAsync()
    {
        var view = await GetJsonAsync("/console/api/dlq");
        return [.. view["messages"]!.AsArray().Select(m => (string)m!["messageId"]!)];
    }

    private async Task<HttpResponseMessage> PostActionAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Fulfilment-Console", "1");
        return await fixture.Edge.SendAsync(request);
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await fixture.Edge.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
