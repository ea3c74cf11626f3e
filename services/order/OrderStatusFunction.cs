using System.Text.Json;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;

namespace Fulfilment.Order;

/// <summary>The <c>status</c> handler behind <c>GET /orders/{orderId}</c> (API Gateway proxy integration).</summary>
public sealed class OrderStatusFunction(OrderRepository orders)
{
    /// <summary>Answers 200 with the order's status and history, 400 for a malformed id, 404 for an unknown one.</summary>
    public async Task<APIGatewayProxyResponse> HandleAsync(APIGatewayProxyRequest request, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var orderId = request.PathParameters is { } p && p.TryGetValue("orderId", out var id) ? id : null;
        var instance = request.Path ?? $"/orders/{orderId}";
        if (!OrderIds.IsValid(orderId))
        {
            return ProblemResponse(Problem.Of(400, "invalid-order-id", "The order id is not valid.", $"'{orderId}' is not an order id: expected the 26-character ULID returned by POST /orders.", instance));
        }

        var view = await orders.GetAsync(orderId!, cancellationToken);
        if (view is null)
        {
            context.Logger.Info("Status of an unknown order requested.", new Dictionary<string, object?> { ["orderId"] = orderId });
            return ProblemResponse(Problem.Of(404, "order-not-found", "No such order.", $"There is no order {orderId}. An order accepted a moment ago appears once the queue has delivered it; retry shortly.", instance));
        }

        return new APIGatewayProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = "application/json", ["Cache-Control"] = "no-store" },
            Body = JsonSerializer.Serialize(view, ContractsJsonContext.Default.OrderStatusView),
        };
    }

    private static APIGatewayProxyResponse ProblemResponse(Problem problem) => new()
    {
        StatusCode = problem.Status,
        Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = Problem.MediaType },
        Body = JsonSerializer.Serialize(problem, ContractsJsonContext.Default.Problem),
    };
}
