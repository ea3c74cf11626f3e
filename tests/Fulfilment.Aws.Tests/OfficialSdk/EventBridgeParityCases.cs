using Fulfilment.Aws.EventBridge.Model;
using static Fulfilment.Aws.Tests.OfficialSdk.CannedResponse;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>The EventBridge calls (the same values are in sdk-parity.mjs).</summary>
public static class EventBridgeParityCases
{
    public const string BusArn = "arn:aws:events:us-east-1:123456789012:event-bus/fulfilment";
    public const string RuleArn = "arn:aws:events:us-east-1:123456789012:rule/fulfilment/order-status";
    public const string ArchiveArn = "arn:aws:events:us-east-1:123456789012:archive/fulfilment-archive";
    public const string QueueArn = "arn:aws:sqs:us-east-1:123456789012:order-status";
    public const string RoleArn = "arn:aws:iam::123456789012:role/fulfilment-events";
    public const string Pattern = """{"source":["fulfilment.orders"],"detail-type":["OrderStatusChanged"],"detail":{"status":[{"anything-but":"Received"}]}}""";
    public const string Detail = """{"orderId":"01HXAMPLE0RDER","status":"Completed","reason":"quote \" <b>ü</b>","sequence":4}""";

    // Millisecond precision on purpose: both clients write timestamps as epoch seconds with a fraction.
    public static readonly DateTimeOffset EventTime = DateTimeOffset.Parse("2024-05-01T12:00:00.123Z", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset ReplayEnd = DateTimeOffset.Parse("2024-05-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private const string Created = "1714564800.123";

    public static IReadOnlyList<ParityCase> All { get; } =
    [
        new("events.PutEvents",
            Ok("""{"FailedEntryCount":1,"Entries":[{"EventId":"11710aed-b79e-4468-a20b-bb3c0c3b4860"},{"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}]}"""),
            c => c.EventBridge.PutEventsAsync(new PutEventsRequest
            {
                Entries =
                [
                    new PutEventsRequestEntry
                    {
                        Time = EventTime, Source = "fulfilment.orders", Resources = ["arn:aws:states:us-east-1:123456789012:execution:order-fulfilment:01HXAMPLE0RDER"],
                        DetailType = "OrderStatusChanged", Detail = Detail, EventBusName = "fulfilment", TraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793",
                    },
                    new PutEventsRequestEntry { Time = ReplayEnd, Source = "fulfilment.orders", DetailType = "OrderStatusChanged", Detail = "{}" },
                ],
            })),
        new("events.TestEventPattern",
            Ok("""{"Result":true}"""),
            c => c.EventBridge.TestEventPatternAsync(new TestEventPatternRequest { EventPattern = Pattern, Event = Detail })),
        new("events.CreateEventBus",
            Ok($$"""{"EventBusArn":"{{BusArn}}"}"""),
            c => c.EventBridge.CreateEventBusAsync(new CreateEventBusRequest { Name = "fulfilment", Description = "order status changes" })),
        new("events.DescribeEventBus",
            Ok($$"""{"Name":"fulfilment","Arn":"{{BusArn}}","Description":"order status changes","CreationTime":{{Created}}}"""),
            c => c.EventBridge.DescribeEventBusAsync(new DescribeEventBusRequest { Name = "fulfilment" })),
        new("events.DescribeEventBus#default",
            Ok("""{"Name":"default","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default"}"""),
            c => c.EventBridge.DescribeEventBusAsync(new DescribeEventBusRequest())),
        new("events.DeleteEventBus",
            Ok("{}"),
            c => c.EventBridge.DeleteEventBusAsync(new DeleteEventBusRequest { Name = "fulfilment" })),
        new("events.ListEventBuses",
            Ok($$"""{"EventBuses":[{"Name":"fulfilment","Arn":"{{BusArn}}"}],"NextToken":"page-3"}"""),
            c => c.EventBridge.ListEventBusesAsync(new ListEventBusesRequest { NamePrefix = "fulf", NextToken = "page-2", Limit = 10 })),
        new("events.PutRule",
            Ok($$"""{"RuleArn":"{{RuleArn}}"}"""),
            c => c.EventBridge.PutRuleAsync(new PutRuleRequest
            {
                Name = "order-status", EventPattern = Pattern, State = "ENABLED", Description = "to the status queue", RoleArn = RoleArn, EventBusName = "fulfilment",
            })),
        new("events.PutRule#schedule",
            Ok($$"""{"RuleArn":"{{RuleArn}}"}"""),
            c => c.EventBridge.PutRuleAsync(new PutRuleRequest { Name = "nightly", ScheduleExpression = "rate(5 minutes)", State = "DISABLED" })),
        new("events.DescribeRule",
            Ok($$"""{"Name":"order-status","Arn":"{{RuleArn}}","EventPattern":{{JsonString(Pattern)}},"State":"ENABLED","EventBusName":"fulfilment"}"""),
            c => c.EventBridge.DescribeRuleAsync(new RuleNameRequest { Name = "order-status", EventBusName = "fulfilment" })),
        new("events.DeleteRule",
            Ok("{}"),
            c => c.EventBridge.DeleteRuleAsync(new RuleNameRequest { Name = "order-status", EventBusName = "fulfilment", Force = true })),
        new("events.EnableRule",
            Ok("{}"),
            c => c.EventBridge.EnableRuleAsync(new RuleNameRequest { Name = "order-status", EventBusName = "fulfilment" })),
        new("events.DisableRule",
            Ok("{}"),
            c => c.EventBridge.DisableRuleAsync(new RuleNameRequest { Name = "order-status", EventBusName = "fulfilment" })),
        new("events.ListRules",
            Ok($$"""{"Rules":[{"Name":"order-status","Arn":"{{RuleArn}}","State":"ENABLED","EventBusName":"fulfilment"}],"NextToken":"page-3"}"""),
            c => c.EventBridge.ListRulesAsync(new ListRulesRequest { NamePrefix = "order", EventBusName = "fulfilment", NextToken = "page-2", Limit = 50 })),
        new("events.PutTargets",
            Ok("""{"FailedEntryCount":0,"FailedEntries":[]}"""),
            c => c.EventBridge.PutTargetsAsync(new PutTargetsRequest { Rule = "order-status", EventBusName = "fulfilment", Targets = Targets })),
        new("events.RemoveTargets",
            Ok("""{"FailedEntryCount":1,"FailedEntries":[{"TargetId":"audit","ErrorCode":"ResourceNotFoundException","ErrorMessage":"no such target"}]}"""),
            c => c.EventBridge.RemoveTargetsAsync(new RemoveTargetsRequest { Rule = "order-status", EventBusName = "fulfilment", Ids = ["queue", "audit"], Force = true })),
        new("events.ListTargetsByRule",
            Ok($$"""{"Targets":[{"Id":"queue","Arn":"{{QueueArn}}","InputPath":"$.detail"}],"NextToken":"page-3"}"""),
            c => c.EventBridge.ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = "order-status", EventBusName = "fulfilment", NextToken = "page-2", Limit = 5 })),
        new("events.CreateArchive",
            Ok($$"""{"ArchiveArn":"{{ArchiveArn}}","State":"ENABLED","CreationTime":{{Created}}}"""),
            c => c.EventBridge.CreateArchiveAsync(new CreateArchiveRequest
            {
                ArchiveName = "fulfilment-archive", EventSourceArn = BusArn, Description = "replays after an outage", EventPattern = Pattern, RetentionDays = 30,
            })),
        new("events.DescribeArchive",
            Ok($$"""{"ArchiveName":"fulfilment-archive","ArchiveArn":"{{ArchiveArn}}","EventSourceArn":"{{BusArn}}","State":"ENABLED","EventCount":42,"CreationTime":{{Created}}}"""),
            c => c.EventBridge.DescribeArchiveAsync(new DescribeArchiveRequest { ArchiveName = "fulfilment-archive" })),
        new("events.StartReplay",
            Ok($$"""{"ReplayArn":"arn:aws:events:us-east-1:123456789012:replay/outage-1","State":"STARTING","ReplayStartTime":{{Created}}}"""),
            c => c.EventBridge.StartReplayAsync(new StartReplayRequest
            {
                ReplayName = "outage-1", EventSourceArn = ArchiveArn, EventStartTime = EventTime, EventEndTime = ReplayEnd,
                Destination = new ReplayDestination { Arn = BusArn, FilterArns = [RuleArn] }, Description = "after the outage",
            })),
        new("events.DescribeReplay",
            Ok($$"""{"ReplayName":"outage-1","ReplayArn":"arn:aws:events:us-east-1:123456789012:replay/outage-1","State":"COMPLETED","EventSourceArn":"{{ArchiveArn}}","Destination":{"Arn":"{{BusArn}}"},"ReplayStartTime":{{Created}},"ReplayEndTime":{{Created}}}"""),
            c => c.EventBridge.DescribeReplayAsync(new DescribeReplayRequest { ReplayName = "outage-1" })),
    ];

    // One target per way of shaping the input, with every member our Target type has.
    private static IReadOnlyList<Target> Targets =>
    [
        new Target
        {
            Id = "queue", Arn = "arn:aws:sqs:us-east-1:123456789012:order-status.fifo", Input = """{"fixed":true}""",
            SqsParameters = new SqsParameters { MessageGroupId = "orders" }, DeadLetterConfig = new DeadLetterConfig { Arn = QueueArn + "-dlq" },
            RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 3, MaximumEventAgeInSeconds = 3600 },
        },
        new Target { Id = "path", Arn = QueueArn, InputPath = "$.detail" },
        new Target
        {
            Id = "shaped", Arn = "arn:aws:states:us-east-1:123456789012:stateMachine:notify", RoleArn = RoleArn,
            InputTransformer = new InputTransformer
            {
                InputPathsMap = new Dictionary<string, string> { ["order"] = "$.detail.orderId", ["status"] = "$.detail.status" },
                InputTemplate = """{"order": <order>, "status": <status>, "rule": "<aws.events.rule-name>"}""",
            },
        },
    ];
}
