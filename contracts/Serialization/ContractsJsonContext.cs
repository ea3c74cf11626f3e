using System.Text.Json;
using System.Text.Json.Serialization;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Contracts.Serialization;

/// <summary>
/// The one source-generated serializer context for every contract: camelCase, no reflection (AOT-safe).
/// Other projects add their own types in partial declarations of this class or in contexts of their own.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(NewOrderEvent))]
[JsonSerializable(typeof(OrderStatusChanged))]
[JsonSerializable(typeof(ReserveInventoryRequest))]
[JsonSerializable(typeof(ReserveInventoryResult))]
[JsonSerializable(typeof(ReservationActionRequest))]
[JsonSerializable(typeof(ReservationActionResult))]
[JsonSerializable(typeof(StockShortage))]
[JsonSerializable(typeof(IReadOnlyList<StockShortage>))]
[JsonSerializable(typeof(ChargePaymentRequest))]
[JsonSerializable(typeof(ChargePaymentResult))]
[JsonSerializable(typeof(RefundPaymentRequest))]
[JsonSerializable(typeof(RefundPaymentResult))]
[JsonSerializable(typeof(NotifyCustomerRequest))]
[JsonSerializable(typeof(NotifyCustomerResult))]
public sealed partial class ContractsJsonContext : JsonSerializerContext
{
}
