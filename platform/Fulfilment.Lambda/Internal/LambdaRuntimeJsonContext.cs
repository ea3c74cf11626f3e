using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.Internal;

/// <summary>Source-generated serializer for what the runtime itself posts (AOT-safe).</summary>
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class LambdaRuntimeJsonContext : JsonSerializerContext
{
}
