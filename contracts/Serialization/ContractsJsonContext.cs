using System.Text.Json;
using System.Text.Json.Serialization;
using Fulfilment.Contracts.Http;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Steps;

namespace Fulfilment.Contracts.Serialization;

/// <summary>
/// The one source-generated serializer context for every contract: camelCase, no reflection (AOT-safe).
/// Add contract types here (the generator does not merge attributes spread over partial declarations);
/// types that are not contracts belong in a context of their own project.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
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
[JsonSerializable(typeof(OrderStatusView))]
[JsonSerializable(typeof(OrderAccepted))]
[JsonSerializable(typeof(Problem))]
public sealed partial class ContractsJsonContext : JsonSerializerContext
{
}
