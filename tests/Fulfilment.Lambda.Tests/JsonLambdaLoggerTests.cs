using System.Text;
using System.Text.Json;
using Shouldly;

namespace Fulfilment.Lambda.Tests;

public sealed class JsonLambdaLoggerTests
{
    private static JsonElement[] Lines(MemoryStream output) =>
        [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public void Log_WhenFieldsAreGiven_ShouldWriteThemAfterTheEnvelope()
    {
        using var output = new MemoryStream();
        var logger = new JsonLambdaLogger(output).ForRequest("req-7");

        logger.Warn("slow provider", new Dictionary<string, object?> { ["orderId"] = "01J", ["attempt"] = 3, ["ok"] = false, ["missing"] = null });

        var line = Lines(output).Single();
        (line.GetProperty("level").GetString(), line.GetProperty("requestId").GetString(), line.GetProperty("orderId").GetString(), line.GetProperty("attempt").GetInt32(), line.GetProperty("ok").GetBoolean())
            .ShouldBe(("WARN", "req-7", "01J", 3, false));
    }

    [Fact]
    public void Log_WhenAFieldIsNamedLikeTheEnvelope_ShouldKeepTheEnvelopeValue()
    {
        using var output = new MemoryStream();
        var logger = new JsonLambdaLogger(output).ForRequest("req-7");

        logger.Info("hello", new Dictionary<string, object?> { ["requestId"] = "forged" });

        Lines(output).Single().GetProperty("requestId").GetString().ShouldBe("req-7");
    }

    [Fact]
    public void Log_WhenLevelIsBelowTheMinimum_ShouldWriteNothing()
    {
        using var output = new MemoryStream();
        var logger = new JsonLambdaLogger(output, LogLevel.Warning);

        logger.Info("chatty");

        output.Length.ShouldBe(0);
    }
}
