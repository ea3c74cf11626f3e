using System.Text.Json.Serialization;

namespace Fulfilment.Contracts.Orders;

// The optional W3C trace context of an order (docs/tracing.md). Declared apart from the records, as init-only
// properties, so adding it changes no constructor or deconstruction: every existing caller compiles unchanged.

/// <content>The order's trace context.</content>
public sealed partial record NewOrderEvent
{
    /// <summary>
    /// The W3C <c>traceparent</c> the order's trace continues from (<c>00-{traceId}-{parentId}-{flags}</c>); absent on the
    /// queue (it travels as a message attribute there) and set by intake in the execution input.
    /// </summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

/// <content>The order's trace context.</content>
public sealed partial record OrderStatusChanged
{
    /// <summary>The W3C <c>traceparent</c> of the order's trace (its trace id finds every span of the order); may be absent or null.</summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}
