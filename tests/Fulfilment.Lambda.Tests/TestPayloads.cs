using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.Tests;

public sealed record Ping(string Message, string? OrderId = null);

public sealed record Pong(string Message, string RequestId);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Ping))]
[JsonSerializable(typeof(Pong))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
