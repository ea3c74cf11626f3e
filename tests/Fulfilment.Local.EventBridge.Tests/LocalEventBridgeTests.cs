using System.Diagnostics;
using Fulfilment.Aws;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Shouldly;

namespace Fulfilment.Local.EventBridge.Tests;

/// <summary>The bus's API semantics, delivered to <c>file://</c> JSONL targets (SQS targets are covered by the edge tests).</summary>
public sealed class LocalEventBridgeTests : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fulfilment-eb-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new();
    private LocalEventBridge _bus = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _bus = NewBus();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task PutEvents_WhenRuleMatches_ShouldDeliverTheEventToTheTarget()
    {
        var log = await RuleWithLogTargetAsync("""{ "source": ["fulfilment.orders"] }""", new Target());
        await PutAsync("fulfilment.orders", """{ "orderId": "o-1" }""");

        var lines = await WaitForLinesAsync(log, 1);
        lines[0].ShouldContain("\"orderId\": \"o-1\"");
    }

    [Fact]
    public async Task PutEvents_WhenRuleDoesNotMatch_ShouldNotDeliver()
    {
        var log = await RuleWithLogTargetAsync("""{ "source": ["other"] }""", new Target());
        await PutAsync("fulfilment.orders", "{}");
        var marker = await RuleWithLogTargetAsync("""{ "source": ["fulfilment.orders"] }""", new Target(), rule: "marker");
        await PutAsync("fulfilment.orders", "{}");

        await WaitForLinesAsync(marker, 1);
        File.Exists(log).ShouldBeFalse();
    }

    [Fact]
    public async Task PutEvents_WhenTargetHasInputTransformer_ShouldRenderTemplate()
    {
        var log = await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target
        {
            InputTransformer = new InputTransformer
            {
                InputPathsMap = new Dictionary<string, string> { ["id"] = "$.detail.orderId", ["n"] = "$.detail.n" },
                InputTemplate = """{"order": <id>, "text": "order <id> has <n> lines", "n": <n>, "rule": "<aws.events.rule-name>"}""",
            },
        });
        await PutAsync("s", """{ "orderId": "o-7", "n": 3 }""");

        (await WaitForLinesAsync(log, 1))[0].ShouldBe("""{"order": "o-7", "text": "order o-7 has 3 lines", "n": 3, "rule": "r"}""");
    }

    [Fact]
    public async Task PutEvents_WhenTargetHasInputPath_ShouldDeliverTheSelectedPart()
    {
        var log = await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target { InputPath = "$.detail" });
        await PutAsync("s", """{"a":1}""");

        (await WaitForLinesAsync(log, 1))[0].ShouldBe("""{"a":1}""");
    }

    [Fact]
    public async Task PutEvents_WhenDetailIsNotAnObject_ShouldFailOnlyThatEntry()
    {
        var response = await _bus.PutEventsAsync(new PutEventsRequest
        {
            Entries = [Entry("s", "[1]"), Entry("s", "{}")],
        }, default);

        response.Entries.Select(e => e.ErrorCode).ShouldBe(["MalformedDetail", null]);
    }

    [Fact]
    public async Task PutEvents_WhenMoreThanTenEntries_ShouldThrowValidation()
    {
        await Should.ThrowAsync<ValidationException>(() => _bus.PutEventsAsync(
            new PutEventsRequest { Entries = Enumerable.Range(0, 11).Select(_ => Entry("s", "{}")).ToList() }, default));
    }

    [Fact]
    public async Task DescribeRule_WhenRuleMissing_ShouldThrowResourceNotFound()
    {
        await Should.ThrowAsync<ResourceNotFoundException>(() => _bus.DescribeRuleAsync(new RuleNameRequest { Name = "nope" }, default));
    }

    [Fact]
    public async Task PutRule_WhenPatternInvalid_ShouldThrowInvalidEventPattern()
    {
        await Should.ThrowAsync<InvalidEventPatternException>(() => _bus.PutRuleAsync(new PutRuleRequest { Name = "bad", EventPattern = """{"source":"x"}""" }, default));
    }

    [Fact]
    public async Task DisableRule_WhenEventPut_ShouldNotDeliver()
    {
        var log = await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target());
        await _bus.DisableRuleAsync(new RuleNameRequest { Name = "r" }, default);
        var marker = await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target(), rule: "marker");
        await PutAsync("s", "{}");

        await WaitForLinesAsync(marker, 1);
        File.Exists(log).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteRule_WhenRuleHasTargets_ShouldThrowValidation()
    {
        await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target());
        await Should.ThrowAsync<ValidationException>(() => _bus.DeleteRuleAsync(new RuleNameRequest { Name = "r" }, default));
    }

    [Fact]
    public async Task PutTargets_WhenMoreThanFiveTargets_ShouldThrowLimitExceeded()
    {
        await _bus.PutRuleAsync(new PutRuleRequest { Name = "r", EventPattern = """{ "source": ["s"] }""" }, default);
        var targets = Enumerable.Range(0, 6).Select(i => new Target { Id = $"t{i}", Arn = $"file://{_dir}/{i}.jsonl" }).ToList();
        await Should.ThrowAsync<LimitExceededException>(() => _bus.PutTargetsAsync(new PutTargetsRequest { Rule = "r", Targets = targets }, default));
    }

    [Fact]
    public async Task PutEvents_WhenTargetKeepsFailingWithoutDlq_ShouldRecordTheFailureAfterRetries()
    {
        await _bus.PutRuleAsync(new PutRuleRequest { Name = "r", EventPattern = """{ "source": ["s"] }""" }, default);
        await _bus.PutTargetsAsync(new PutTargetsRequest
        {
            Rule = "r",
            Targets = [new Target { Id = "down", Arn = "http://127.0.0.1:9/unreachable", RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 2 } }],
        }, default);
        await PutAsync("s", "{}");

        await PollAsync(() => _bus.DeliveryFailures.Count == 1);
        _bus.DeliveryFailures.Single().TargetId.ShouldBe("down");
    }

    [Fact]
    public async Task StartReplay_WhenArchiveHasEvents_ShouldRedeliverThemWithReplayName()
    {
        var created = await _bus.CreateArchiveAsync(new CreateArchiveRequest { ArchiveName = "all", EventSourceArn = "arn:aws:events:us-east-1:000000000000:event-bus/default" }, default);
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        await PutAsync("s", """{ "n": 1 }""");
        var log = await RuleWithLogTargetAsync("""{ "source": ["s"] }""", new Target());

        await _bus.StartReplayAsync(new StartReplayRequest
        {
            ReplayName = "again", EventSourceArn = created.ArchiveArn, EventStartTime = start, EventEndTime = DateTimeOffset.UtcNow.AddSeconds(5),
            Destination = new ReplayDestination { Arn = "arn:aws:events:us-east-1:000000000000:event-bus/default" },
        }, default);

        (await WaitForLinesAsync(log, 1))[0].ShouldContain("\"replay-name\":\"again\"");
    }

    [Fact]
    public async Task Restart_WhenStatePathSet_ShouldKeepRulesAndTargets()
    {
        var statePath = Path.Combine(_dir, "state.json");
        await using (var persistent = NewBus(statePath))
        {
            await persistent.CreateEventBusAsync(new CreateEventBusRequest { Name = "fulfilment" }, default);
            await persistent.PutRuleAsync(new PutRuleRequest { Name = "keep", EventBusName = "fulfilment", EventPattern = """{ "source": ["s"] }""" }, default);
        }

        await using var reopened = NewBus(statePath);
        (await reopened.DescribeRuleAsync(new RuleNameRequest { Name = "keep", EventBusName = "fulfilment" }, default)).EventBusName.ShouldBe("fulfilment");
    }

    [Fact]
    public async Task TestEventPattern_WhenEventMatches_ShouldReturnTrue()
    {
        var response = await _bus.TestEventPatternAsync(new TestEventPatternRequest
        {
            EventPattern = """{ "source": ["s"] }""",
            Event = """{ "id": "1", "account": "1", "source": "s", "time": "2026-01-01T00:00:00Z", "region": "us-east-1", "detail-type": "d", "detail": {} }""",
        }, default);
        response.Result.ShouldBeTrue();
    }

    private LocalEventBridge NewBus(string? statePath = null) => new(
        new LocalEventBridgeOptions { StatePath = statePath, RetryBaseDelay = TimeSpan.FromMilliseconds(10), DefaultMaximumRetryAttempts = 1 }, sqs: null, _http);

    private async Task<string> RuleWithLogTargetAsync(string pattern, Target shape, string rule = "r")
    {
        var path = Path.Combine(_dir, rule + ".jsonl");
        await _bus.PutRuleAsync(new PutRuleRequest { Name = rule, EventPattern = pattern }, default);
        var result = await _bus.PutTargetsAsync(new PutTargetsRequest { Rule = rule, Targets = [shape with { Id = "log", Arn = "file://" + path }] }, default);
        result.FailedEntryCount.ShouldBe(0);
        return path;
    }

    private async Task PutAsync(string source, string detail)
    {
        var response = await _bus.PutEventsAsync(new PutEventsRequest { Entries = [Entry(source, detail)] }, default);
        response.FailedEntryCount.ShouldBe(0);
    }

    private static PutEventsRequestEntry Entry(string source, string detail) => new() { Source = source, DetailType = "Test", Detail = detail };

    private static async Task<string[]> WaitForLinesAsync(string path, int count)
    {
        string[] lines = [];
        await PollAsync(() => File.Exists(path) && (lines = File.ReadAllLines(path)).Length >= count);
        return lines;
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException("The condition did not become true within 20 s.");
            }

            await Task.Delay(20);
        }
    }
}
