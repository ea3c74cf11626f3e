using System.Text.Json.Serialization;
using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Aws.Internal;

namespace Fulfilment.Aws.EventBridge;

/// <summary>Source-generated JSON for the EventBridge wire format (PascalCase members, epoch-second timestamps).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateArchiveRequest))]
[JsonSerializable(typeof(CreateArchiveResponse))]
[JsonSerializable(typeof(CreateEventBusRequest))]
[JsonSerializable(typeof(CreateEventBusResponse))]
[JsonSerializable(typeof(DeleteEventBusRequest))]
[JsonSerializable(typeof(DescribeArchiveRequest))]
[JsonSerializable(typeof(DescribeArchiveResponse))]
[JsonSerializable(typeof(DescribeEventBusRequest))]
[JsonSerializable(typeof(DescribeEventBusResponse))]
[JsonSerializable(typeof(DescribeReplayRequest))]
[JsonSerializable(typeof(DescribeReplayResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ListEventBusesRequest))]
[JsonSerializable(typeof(ListEventBusesResponse))]
[JsonSerializable(typeof(ListRulesRequest))]
[JsonSerializable(typeof(ListRulesResponse))]
[JsonSerializable(typeof(ListTargetsByRuleRequest))]
[JsonSerializable(typeof(ListTargetsByRuleResponse))]
[JsonSerializable(typeof(PutEventsRequest))]
[JsonSerializable(typeof(PutEventsResponse))]
[JsonSerializable(typeof(PutRuleRequest))]
[JsonSerializable(typeof(PutRuleResponse))]
[JsonSerializable(typeof(PutTargetsRequest))]
[JsonSerializable(typeof(RemoveTargetsRequest))]
[JsonSerializable(typeof(Rule))]
[JsonSerializable(typeof(RuleNameRequest))]
[JsonSerializable(typeof(StartReplayRequest))]
[JsonSerializable(typeof(StartReplayResponse))]
[JsonSerializable(typeof(TargetsResponse))]
[JsonSerializable(typeof(TestEventPatternRequest))]
[JsonSerializable(typeof(TestEventPatternResponse))]
public sealed partial class EventBridgeJsonContext : JsonSerializerContext;
