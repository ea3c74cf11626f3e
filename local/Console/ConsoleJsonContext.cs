using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Local.OpsConsole;

/// <summary>An error the console API answers with: what happened and what to do.</summary>
public sealed record ConsoleError(string Error, string Message);

/// <summary>The answer to a redrive or stop.</summary>
public sealed record ConsoleAction(string Name, string Action, DateTimeOffset At);

/// <summary>Source-generated JSON for the console API (camelCase, AOT-safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(ExecutionList))]
[JsonSerializable(typeof(ExecutionDetail))]
[JsonSerializable(typeof(OrderDetail))]
[JsonSerializable(typeof(StockView))]
[JsonSerializable(typeof(DeadLetterView))]
[JsonSerializable(typeof(DeadLetterRedrive))]
[JsonSerializable(typeof(ConsoleError))]
[JsonSerializable(typeof(ConsoleAction))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext
{
}
