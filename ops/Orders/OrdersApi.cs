using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Orders;

/// <summary>The orders HTTP API (POST /orders, GET /orders/{id}) with the <c>x-api-key</c> header.</summary>
internal sealed class OrdersApi(HttpClient http)
{
    /// <summary>Posts one order; returns the HTTP status and the accepted order (null unless 202/200).</summary>
    public async Task<(int Status, OrderAccepted? Accepted, string? Problem)> SubmitAsync(CreateOrderRequest order, string idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders")
        {
            Content = JsonContent.Create(order, ContractsJsonContext.Default.CreateOrderRequest),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? ((int)response.StatusCode, JsonSerializer.Deserialize(text, ContractsJsonContext.Default.OrderAccepted), null)
            : ((int)response.StatusCode, null, text);
    }

    /// <summary>Reads an order's status; null when the API answers 404.</summary>
    public async Task<OrderStatusView?> GetAsync(string orderId, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri("orders/" + Uri.EscapeDataString(orderId), UriKind.Relative), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new OpsException($"GET /orders/{orderId} answered {(int)response.StatusCode}: {text}");
        }

        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.OrderStatusView);
    }
}
