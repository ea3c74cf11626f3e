using System.Text.Json.Serialization;

namespace Fulfilment.Lambda.TestFunction;

/// <summary>Input of <c>echo</c>.</summary>
public sealed record EchoRequest(string Message, string? OrderId = null, string? CorrelationId = null);

/// <summary>Output of every handler: what the runtime told the handler.</summary>
public sealed record EchoResponse(string Message, string RequestId, string InvokedFunctionArn, string? TraceId, long RemainingMs);

/// <summary>Input of <c>fail</c>: a named error when <see cref="ErrorName"/> is set, else an InvalidOperationException.</summary>
public sealed record FailRequest(string Message, string? ErrorName = null);

/// <summary>Input of <c>sleep</c>.</summary>
public sealed record SleepRequest(int Milliseconds, bool IgnoreDeadline = false);

/// <summary>Source-generated serializers of the test function.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoResponse))]
[JsonSerializable(typeof(FailRequest))]
[JsonSerializable(typeof(SleepRequest))]
internal sealed partial class TestFunctionJsonContext : JsonSerializerContext
{
}
