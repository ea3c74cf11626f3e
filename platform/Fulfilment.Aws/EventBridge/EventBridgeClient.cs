using Fulfilment.Aws.EventBridge.Model;
using Fulfilment.Aws.Internal;

namespace Fulfilment.Aws.EventBridge;

/// <summary>Thin EventBridge client (AWS JSON 1.1, target prefix <c>AWSEvents.</c>); use <see cref="EventPublisher"/> to put many events safely.</summary>
public sealed class EventBridgeClient : IDisposable
{
    internal static readonly ServiceDescription Service = new("events", "events", "EVENTBRIDGE", "1.1", "AWSEvents.");

    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client; endpoint, region and credentials default to the standard AWS resolution.</summary>
    public EventBridgeClient(AwsClientConfig? config = null, HttpClient? httpClient = null)
    {
        _transport = new AwsJsonTransport(config ?? new AwsClientConfig(), Service, httpClient);
    }

    /// <summary>The endpoint this client talks to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>The region this client signs for.</summary>
    public string Region => _transport.Region;

    /// <summary>Calls <c>PutEvents</c> on the regional endpoint; a global endpoint (<c>EndpointId</c>) is refused, see below.</summary>
    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // With EndpointId the SDKs send to https://{EndpointId}.endpoint.events.amazonaws.com signed with SigV4a; sending it to
        // the regional endpoint instead would quietly skip the failover the caller asked for.
        return request.EndpointId is null
            ? _transport.InvokeAsync("AWSEvents.PutEvents", request, EventBridgeJsonContext.Default.PutEventsRequest, EventBridgeJsonContext.Default.PutEventsResponse, cancellationToken)
            : throw new NotSupportedException(
                $"PutEvents with EndpointId '{request.EndpointId}' goes to an EventBridge global endpoint signed with SigV4a, which this client does not sign; leave EndpointId unset to use the regional endpoint.");
    }

    /// <summary>Calls <c>TestEventPattern</c>.</summary>
    public Task<TestEventPatternResponse> TestEventPatternAsync(TestEventPatternRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.TestEventPattern", request, EventBridgeJsonContext.Default.TestEventPatternRequest, EventBridgeJsonContext.Default.TestEventPatternResponse, cancellationToken);

    /// <summary>Calls <c>CreateEventBus</c>.</summary>
    public Task<CreateEventBusResponse> CreateEventBusAsync(CreateEventBusRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.CreateEventBus", request, EventBridgeJsonContext.Default.CreateEventBusRequest, EventBridgeJsonContext.Default.CreateEventBusResponse, cancellationToken);

    /// <summary>Calls <c>DescribeEventBus</c>.</summary>
    public Task<DescribeEventBusResponse> DescribeEventBusAsync(DescribeEventBusRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DescribeEventBus", request, EventBridgeJsonContext.Default.DescribeEventBusRequest, EventBridgeJsonContext.Default.DescribeEventBusResponse, cancellationToken);

    /// <summary>Calls <c>DeleteEventBus</c>.</summary>
    public Task<EmptyResponse> DeleteEventBusAsync(DeleteEventBusRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DeleteEventBus", request, EventBridgeJsonContext.Default.DeleteEventBusRequest, EventBridgeJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Calls <c>ListEventBuses</c>.</summary>
    public Task<ListEventBusesResponse> ListEventBusesAsync(ListEventBusesRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.ListEventBuses", request, EventBridgeJsonContext.Default.ListEventBusesRequest, EventBridgeJsonContext.Default.ListEventBusesResponse, cancellationToken);

    /// <summary>Calls <c>PutRule</c>.</summary>
    public Task<PutRuleResponse> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.PutRule", request, EventBridgeJsonContext.Default.PutRuleRequest, EventBridgeJsonContext.Default.PutRuleResponse, cancellationToken);

    /// <summary>Calls <c>DescribeRule</c>.</summary>
    public Task<Rule> DescribeRuleAsync(RuleNameRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DescribeRule", request, EventBridgeJsonContext.Default.RuleNameRequest, EventBridgeJsonContext.Default.Rule, cancellationToken);

    /// <summary>Calls <c>DeleteRule</c>.</summary>
    public Task<EmptyResponse> DeleteRuleAsync(RuleNameRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DeleteRule", request, EventBridgeJsonContext.Default.RuleNameRequest, EventBridgeJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Calls <c>EnableRule</c>.</summary>
    public Task<EmptyResponse> EnableRuleAsync(RuleNameRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.EnableRule", request, EventBridgeJsonContext.Default.RuleNameRequest, EventBridgeJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Calls <c>DisableRule</c>.</summary>
    public Task<EmptyResponse> DisableRuleAsync(RuleNameRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DisableRule", request, EventBridgeJsonContext.Default.RuleNameRequest, EventBridgeJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>Calls <c>ListRules</c>.</summary>
    public Task<ListRulesResponse> ListRulesAsync(ListRulesRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.ListRules", request, EventBridgeJsonContext.Default.ListRulesRequest, EventBridgeJsonContext.Default.ListRulesResponse, cancellationToken);

    /// <summary>Calls <c>PutTargets</c>.</summary>
    public Task<TargetsResponse> PutTargetsAsync(PutTargetsRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.PutTargets", request, EventBridgeJsonContext.Default.PutTargetsRequest, EventBridgeJsonContext.Default.TargetsResponse, cancellationToken);

    /// <summary>Calls <c>RemoveTargets</c>.</summary>
    public Task<TargetsResponse> RemoveTargetsAsync(RemoveTargetsRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.RemoveTargets", request, EventBridgeJsonContext.Default.RemoveTargetsRequest, EventBridgeJsonContext.Default.TargetsResponse, cancellationToken);

    /// <summary>Calls <c>ListTargetsByRule</c>.</summary>
    public Task<ListTargetsByRuleResponse> ListTargetsByRuleAsync(ListTargetsByRuleRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.ListTargetsByRule", request, EventBridgeJsonContext.Default.ListTargetsByRuleRequest, EventBridgeJsonContext.Default.ListTargetsByRuleResponse, cancellationToken);

    /// <summary>Calls <c>CreateArchive</c>.</summary>
    public Task<CreateArchiveResponse> CreateArchiveAsync(CreateArchiveRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.CreateArchive", request, EventBridgeJsonContext.Default.CreateArchiveRequest, EventBridgeJsonContext.Default.CreateArchiveResponse, cancellationToken);

    /// <summary>Calls <c>DescribeArchive</c>.</summary>
    public Task<DescribeArchiveResponse> DescribeArchiveAsync(DescribeArchiveRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DescribeArchive", request, EventBridgeJsonContext.Default.DescribeArchiveRequest, EventBridgeJsonContext.Default.DescribeArchiveResponse, cancellationToken);

    /// <summary>Calls <c>StartReplay</c>.</summary>
    public Task<StartReplayResponse> StartReplayAsync(StartReplayRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.StartReplay", request, EventBridgeJsonContext.Default.StartReplayRequest, EventBridgeJsonContext.Default.StartReplayResponse, cancellationToken);

    /// <summary>Calls <c>DescribeReplay</c>.</summary>
    public Task<DescribeReplayResponse> DescribeReplayAsync(DescribeReplayRequest request, CancellationToken cancellationToken = default) =>
        _transport.InvokeAsync("AWSEvents.DescribeReplay", request, EventBridgeJsonContext.Default.DescribeReplayRequest, EventBridgeJsonContext.Default.DescribeReplayResponse, cancellationToken);

    public void Dispose() => _transport.Dispose();
}
