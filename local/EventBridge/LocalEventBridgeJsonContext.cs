using System.Text.Json.Serialization;
using Fulfilment.Local.EventBridge.State;

namespace Fulfilment.Local.EventBridge;

/// <summary>Source-generated JSON for the bus's own files (state snapshot) and small helpers.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventBridgeSnapshot))]
[JsonSerializable(typeof(string))]
internal sealed partial class LocalEventBridgeJsonContext : JsonSerializerContext;
