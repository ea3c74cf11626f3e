using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Payment.Provider;

/// <summary>Body of <c>POST /v1/charges</c>.</summary>
internal sealed record ChargeBody(long Amount, string Currency, string PaymentToken, string OrderId);

/// <summary>Body of <c>POST /v1/refunds</c>.</summary>
internal sealed record RefundBody(string Charge, string OrderId, long Amount);

/// <summary>The fields of a charge or refund answer that the adapter reads.</summary>
internal sealed record ObjectAnswer(string? Id, string? Status, long Amount);

/// <summary>The processor's error envelope.</summary>
internal sealed record ErrorAnswer(ErrorAnswerDetail? Error);

/// <summary>The processor's error details.</summary>
internal sealed record ErrorAnswerDetail(string? Type, string? Code, string? Message, string? DeclineCode);

/// <summary>Source-generated JSON for the card-processor wire format (snake_case).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChargeBody))]
[JsonSerializable(typeof(RefundBody))]
[JsonSerializable(typeof(ObjectAnswer))]
[JsonSerializable(typeof(ErrorAnswer))]
internal sealed partial class ProcessorWireJsonContext : JsonSerializerContext
{
}
