using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>Trace export is off unless the standard OTEL_* variables ask for it (docs/tracing.md).</summary>
public sealed class TelemetrySettingsTests
{
    public static TheoryData<string, bool, bool> Cases() => new()
    {
        { "", false, false },
        { "OTEL_TRACES_EXPORTER=console", true, false },
        { "OTEL_TRACES_EXPORTER=otlp", false, true },
        { "OTEL_TRACES_EXPORTER=console, otlp", true, true },
        { "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318", false, true },
        { "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:4318/v1/traces", false, true },
        { "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318;OTEL_TRACES_EXPORTER=none", false, false },
        { "OTEL_TRACES_EXPORTER=console;OTEL_SDK_DISABLED=true", false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exporters_WhenEnvironmentIsSet_ShouldPickTheStandardOnes(string variables, bool console, bool otlp)
    {
        var env = variables.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1], StringComparer.Ordinal);

        Assert.Equal((console, otlp), LocalStack.Exporters(name => env.GetValueOrDefault(name)));
    }

    [Fact]
    public void StartTelemetry_WhenNothingIsSet_ShouldNotStartTheSdk()
    {
        using var provider = LocalStack.StartTelemetry(_ => null, _ => { });

        Assert.Null(provider);
    }

    [Fact]
    public void StartTelemetry_WhenConsoleIsAsked_ShouldStartTheSdkAndSaySo()
    {
        var lines = new List<string>();

        using var provider = LocalStack.StartTelemetry(name => name == "OTEL_TRACES_EXPORTER" ? "console" : null, lines.Add);

        Assert.Equal((true, 1), (provider is not null, lines.Count(l => l.Contains("console", StringComparison.Ordinal))));
    }
}
