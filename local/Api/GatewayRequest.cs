using Fulfilment.Contracts.Orders;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Api;

/// <summary>
/// What API Gateway knows of a request before any template runs (<c>$context.requestId</c>, <c>$context.requestTimeEpoch</c>)
/// and what the mapping templates derive from it: the order id and <c>placedAt</c>. The local API gives every request
/// one, as API Gateway does, and answers with its id in <c>x-amzn-RequestId</c>.
/// </summary>
public sealed record GatewayRequest(string RequestId, long RequestTimeEpoch)
{
    /// <summary>The response header API Gateway names the request id in.</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>The order id the request template assigns (cdk/Api/templates/order-id.vtl).</summary>
    public string OrderId => OrderIds.FromRequest(RequestTimeEpoch, RequestId);

    /// <summary><c>placedAt</c>: the request time, to the millisecond.</summary>
    public DateTimeOffset PlacedAt => DateTimeOffset.FromUnixTimeMilliseconds(RequestTimeEpoch);

    /// <summary>A new request context for <paramref name="http"/>, named in its response.</summary>
    public static GatewayRequest Start(HttpContext http, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        var request = new GatewayRequest(Guid.NewGuid().ToString(), clock.GetUtcNow().ToUnixTimeMilliseconds());
        http.Response.Headers[RequestIdHeader] = request.RequestId;
        return request;
    }
}
