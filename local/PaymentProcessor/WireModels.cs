using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Local.PaymentProcessor;

/// <summary>Body of <c>POST /v1/charges</c>.</summary>
public sealed record ChargeRequestBody(long Amount, string Currency, string PaymentToken, string OrderId);

/// <summary>Body of <c>POST /v1/refunds</c>; the amount defaults to what is left to refund.</summary>
public sealed record RefundRequestBody(string Charge, string OrderId, long? Amount = null);

/// <summary>A captured charge as the API returns it.</summary>
public sealed record ChargeResponseBody(string Id, string Status, long Amount, string Currency, string OrderId, long Created);

/// <summary>A refund as the API returns it.</summary>
public sealed record RefundResponseBody(string Id, string Status, string Charge, long Amount, string Currency, string OrderId, long Created);

/// <summary>The error envelope of every non-2xx answer.</summary>
public sealed record ErrorResponseBody(ErrorDetail Error);

/// <summary>What went wrong: <c>type</c> (card_error, invalid_request_error, api_error, idempotency_error), a code and, for declines, a decline code.</summary>
public sealed record ErrorDetail(string Type, string Code, string Message, string? DeclineCode = null);

/// <summary>One money movement in the ledger.</summary>
public sealed record LedgerEntry(string Id, string OrderId, long Amount, string Currency, string IdempotencyKey, DateTimeOffset At, string? Charge = null);

/// <summary>The answer of <c>GET /ledger</c>.</summary>
public sealed record LedgerSnapshot(IReadOnlyList<LedgerEntry> Captures, IReadOnlyList<LedgerEntry> Refunds, long Dropped);

/// <summary>Source-generated JSON for the processor's wire format (snake_case like common card-processor APIs).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChargeRequestBody))]
[JsonSerializable(typeof(RefundRequestBody))]
[JsonSerializable(typeof(ChargeResponseBody))]
[JsonSerializable(typeof(RefundResponseBody))]
[JsonSerializable(typeof(ErrorResponseBody))]
[JsonSerializable(typeof(LedgerSnapshot))]
[JsonSerializable(typeof(FaultSettings))]
public sealed partial class ProcessorJsonContext : JsonSerializerContext
{
}
