using Fulfilment.Lambda.Tracing;
using Shouldly;

namespace Fulfilment.Lambda.Tests.Tracing;

/// <summary>A function process starts the OpenTelemetry SDK only when the standard OTEL_* variables ask for an exporter.</summary>
public sealed class TelemetrySettingsTests
{
    [Fact]
    public void Start_WhenNoExporterIsAsked_ShouldStartNoSdk()
    {
        using var telemetry = LambdaTelemetry.Start(name => name == "AWS_LAMBDA_FUNCTION_NAME" ? "fn" : null);

        telemetry.ShouldBeNull();
    }

    [Fact]
    public void Start_WhenAnOtlpEndpointIsSet_ShouldNameTheServiceAfterTheFunction()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "fulfilment-inventory-reserve",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:1",
        };

        using var telemetry = LambdaTelemetry.Start(env.GetValueOrDefault);

        (telemetry?.Settings, telemetry?.ServiceName).ShouldBe((new TelemetrySettings(false, true), "fulfilment-inventory-reserve"));
    }

    [Fact]
    public void FromEnvironment_WhenTheSdkIsDisabled_ShouldBeOffWhateverElseIsSet()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["OTEL_TRACES_EXPORTER"] = "console,otlp", ["OTEL_SDK_DISABLED"] = "TRUE" };

        TelemetrySettings.FromEnvironment(env.GetValueOrDefault).ShouldBe(TelemetrySettings.Off);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("console")]
    [InlineData("OTLP, console")]
    [InlineData("none")]
    public void Misconfiguration_WhenEveryExporterIsKnown_ShouldBeNull(string? exporters)
    {
        TelemetrySettings.Misconfiguration(name => name == "OTEL_TRACES_EXPORTER" ? exporters : null).ShouldBeNull();
    }

    [Fact]
    public void Misconfiguration_WhenAnExporterIsUnknown_ShouldNameItAndTheKnownOnes()
    {
        var problem = TelemetrySettings.Misconfiguration(name => name == "OTEL_TRACES_EXPORTER" ? "otlp,zipkin, otpl" : null);

        problem.ShouldBe("OTEL_TRACES_EXPORTER names 'zipkin', 'otpl', which this system does not ship: use console, otlp, none (comma-separated) or unset it.");
    }
}
