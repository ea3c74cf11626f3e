using Fulfilment.Aws.EventBridge;
using Fulfilment.Local.EventBridge;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>The <c>AWSEvents.*</c> operations, mapped onto the local bus.</summary>
internal static class EventBridgeOperations
{
    public static JsonOperations Create(LocalEventBridge bus)
    {
        var c = EventBridgeJsonContext.Default;
        return new JsonOperations()
            .Add("PutEvents", c.PutEventsRequest, c.PutEventsResponse, bus.PutEventsAsync)
            .Add("TestEventPattern", c.TestEventPatternRequest, c.TestEventPatternResponse, bus.TestEventPatternAsync)
            .Add("CreateEventBus", c.CreateEventBusRequest, c.CreateEventBusResponse, bus.CreateEventBusAsync)
            .Add("DescribeEventBus", c.DescribeEventBusRequest, c.DescribeEventBusResponse, bus.DescribeEventBusAsync)
            .Add("DeleteEventBus", c.DeleteEventBusRequest, c.EmptyResponse, bus.DeleteEventBusAsync)
            .Add("ListEventBuses", c.ListEventBusesRequest, c.ListEventBusesResponse, bus.ListEventBusesAsync)
            .Add("PutRule", c.PutRuleRequest, c.PutRuleResponse, bus.PutRuleAsync)
            .Add("DescribeRule", c.RuleNameRequest, c.Rule, bus.DescribeRuleAsync)
            .Add("DeleteRule", c.RuleNameRequest, c.EmptyResponse, bus.DeleteRuleAsync)
            .Add("EnableRule", c.RuleNameRequest, c.EmptyResponse, bus.EnableRuleAsync)
            .Add("DisableRule", c.RuleNameRequest, c.EmptyResponse, bus.DisableRuleAsync)
            .Add("ListRules", c.ListRulesRequest, c.ListRulesResponse, bus.ListRulesAsync)
            .Add("PutTargets", c.PutTargetsRequest, c.TargetsResponse, bus.PutTargetsAsync)
            .Add("RemoveTargets", c.RemoveTargetsRequest, c.TargetsResponse, bus.RemoveTargetsAsync)
            .Add("ListTargetsByRule", c.ListTargetsByRuleRequest, c.ListTargetsByRuleResponse, bus.ListTargetsByRuleAsync)
            .Add("CreateArchive", c.CreateArchiveRequest, c.CreateArchiveResponse, bus.CreateArchiveAsync)
            .Add("DescribeArchive", c.DescribeArchiveRequest, c.DescribeArchiveResponse, bus.DescribeArchiveAsync)
            .Add("StartReplay", c.StartReplayRequest, c.StartReplayResponse, bus.StartReplayAsync)
            .Add("DescribeReplay", c.DescribeReplayRequest, c.DescribeReplayResponse, bus.DescribeReplayAsync);
    }
}
