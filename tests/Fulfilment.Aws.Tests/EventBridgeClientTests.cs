using System.Net;
using System.Text;
using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.EventBridge.Model;
using Shouldly;

namespace Fulfilment.Aws.Tests;

/// <summary>Our EventBridge client and PutEvents publisher against the edge and the local bus.</summary>
[Collection(EdgeBackedCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EventBridgeClientTests(EdgeBackedFixture edge)
{
    [Fact]
    public async Task DescribeRule_WhenPut_ShouldReturnPatternAndState()
    {
        using var events = edge.EventBridge();
        var name = "r-" + Guid.NewGuid().ToString("N")[..8];
        await events.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = """{"source":["s"]}""", State = "DISABLED" });

        var rule = await events.DescribeRuleAsync(new RuleNameRequest { Name = name });
        (rule.EventPattern, rule.State).ShouldBe(("""{"source":["s"]}""", "DISABLED"));
    }

    [Fact]
    public async Task CreateEventBus_WhenExists_ShouldThrowResourceAlreadyExists()
    {
        using var events = edge.EventBridge();
        var name = "b-" + Guid.NewGuid().ToString("N")[..8];
        await events.CreateEventBusAsync(new CreateEventBusRequest { Name = name });

        await Should.ThrowAsync<ResourceAlreadyExistsException>(() => events.CreateEventBusAsync(new CreateEventBusRequest { Name = name }));
    }

    [Fact]
    public async Task DescribeEventBus_WhenMissing_ShouldThrowResourceNotFound()
    {
        using var events = edge.EventBridge();
        await Should.ThrowAsync<ResourceNotFoundException>(() => events.DescribeEventBusAsync(new DescribeEventBusRequest { Name = "missing-bus" }));
    }

    [Fact]
    public async Task PutRule_WhenPatternInvalid_ShouldThrowInvalidEventPattern()
    {
        using var events = edge.EventBridge();
        await Should.ThrowAsync<InvalidEventPatternException>(() => events.PutRuleAsync(new PutRuleRequest { Name = "bad", EventPattern = """{"source":"s"}""" }));
    }

    [Fact]
    public async Task ListTargetsByRule_WhenTargetsPut_ShouldListThemAndRemoveTargetsShouldEmptyIt()
    {
        using var events = edge.EventBridge();
        var name = "t-" + Guid.NewGuid().ToString("N")[..8];
        await events.PutRuleAsync(new PutRuleRequest { Name = name, EventPattern = """{"source":["s"]}""" });
        await events.PutTargetsAsync(new PutTargetsRequest { Rule = name, Targets = [new Target { Id = "log", Arn = "file:///tmp/fulfilment-eb-test-unused.jsonl", InputPath = "$.detail" }] });
        (await events.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = name })).Targets.Single().InputPath.ShouldBe("$.detail");

        await events.RemoveTargetsAsync(new RemoveTargetsRequest { Rule = name, Ids = ["log"] });
        (await events.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = name })).Targets.ShouldBeEmpty();
    }

    [Fact]
    public async Task TestEventPattern_WhenEventDoesNotMatch_ShouldReturnFalse()
    {
        using var events = edge.EventBridge();
        var result = await events.TestEventPatternAsync(new TestEventPatternRequest
        {
            EventPattern = """{"detail":{"n":[{"numeric":[">",5]}]}}""",
            Event = """{"id":"1","account":"1","source":"s","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"d","detail":{"n":"9"}}""",
        });
        result.Result.ShouldBeFalse();
    }

    [Fact]
    public async Task PublishAsync_WhenManyEntries_ShouldGiveEveryEntryAnEventId()
    {
        using var events = edge.EventBridge();
        var publisher = new EventPublisher(events);
        var entries = Enumerable.Range(0, 25).Select(i => new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = $$"""{"i":{{i}}}""" }).ToList();

        var result = await publisher.PublishAsync(entries);
        result.Entries.Count(e => e.EventId is not null).ShouldBe(25);
    }

    [Fact]
    public async Task PublishAsync_WhenAnEntryIsMalformed_ShouldReportOnlyThatEntryAsFailed()
    {
        using var events = edge.EventBridge();
        var result = await new EventPublisher(events).PublishAsync(
        [
            new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}" },
            new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "not json" },
        ]);

        result.Entries.Select(e => e.ErrorCode).ShouldBe([null, "MalformedDetail"]);
    }

    [Fact]
    public async Task PublishAsync_WhenEntriesExceed256KbTogether_ShouldSplitIntoSeveralCalls()
    {
        var counter = new CountingHandler(new HttpClientHandler());
        using var http = new HttpClient(counter);
        using var events = edge.EventBridge(http);
        var big = new string('x', 100 * 1024);
        var entries = Enumerable.Range(0, 5).Select(_ => new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = $$"""{"p":"{{big}}"}""" }).ToList();

        var result = await new EventPublisher(events).PublishAsync(entries);
        (result.FailedEntryCount, counter.Calls).ShouldBe((0, 3));
    }

    [Fact]
    public async Task PublishAsync_WhenAnEntryFailsTransiently_ShouldRetryOnlyThatEntry()
    {
        // A stand-in for EventBridge that fails the second entry of the first call with InternalFailure.
        var fake = new ScriptedPutEvents();
        using var http = new HttpClient(fake);
        using var events = new EventBridgeClient(edge.Config(), http);

        var result = await new EventPublisher(events, retryBaseDelay: TimeSpan.FromMilliseconds(1)).PublishAsync(
        [
            new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = """{"n":1}""" },
            new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = """{"n":2}""" },
        ]);

        (result.FailedEntryCount, fake.SecondCallBody.Contains("\\u0022n\\u0022:2", StringComparison.Ordinal) || fake.SecondCallBody.Contains("{\\\"n\\\":2}", StringComparison.Ordinal), fake.SecondCallBody.Contains(":1}", StringComparison.Ordinal))
            .ShouldBe((0, true, false));
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class ScriptedPutEvents : HttpMessageHandler
    {
        private int _calls;

        public string SecondCallBody { get; private set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var json = ++_calls == 1
                ? """{"FailedEntryCount":1,"Entries":[{"EventId":"e1"},{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}"""
                : """{"FailedEntryCount":0,"Entries":[{"EventId":"e2"}]}""";
            if (_calls == 2)
            {
                SecondCallBody = body;
            }

            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
        }
    }
}
