using System.Text.Json.Serialization;
using Fulfilment.Inventory;
using Fulfilment.Ops.DeadLetters;
using Fulfilment.Ops.Executions;
using Fulfilment.Ops.Orders;

namespace Fulfilment.Ops.Cli;

/// <summary>Source-generated JSON for everything `fulfil --json` prints (camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<ExecutionSummary>))]
[JsonSerializable(typeof(ExecutionDetail))]
[JsonSerializable(typeof(IReadOnlyList<RedriveOutcome>))]
[JsonSerializable(typeof(IReadOnlyList<StopOutcome>))]
[JsonSerializable(typeof(DeadLetterPeek))]
[JsonSerializable(typeof(DeadLetterRedriveResult))]
[JsonSerializable(typeof(SubmitSummary))]
[JsonSerializable(typeof(IReadOnlyList<StockLevel>))]
[JsonSerializable(typeof(StockLevel))]
internal sealed partial class OpsJsonContext : JsonSerializerContext;
