using System.Text.Json.Serialization;
using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>Source-generated serializers of what the local Runtime API writes itself.</summary>
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class LocalLambdaJsonContext : JsonSerializerContext
{
}
