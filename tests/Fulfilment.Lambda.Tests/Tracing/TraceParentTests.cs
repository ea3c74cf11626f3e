using System.Diagnostics;
using Fulfilment.Lambda.Tracing;
using Shouldly;

namespace Fulfilment.Lambda.Tests.Tracing;

/// <summary>W3C Trace Context Level 1, section 3.2: what a traceparent must look like, and what is ignored.</summary>
public sealed class TraceParentTests
{
    private const string SpecExample = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Fact]
    public void TryParse_WhenValueIsTheSpecExample_ShouldReadIdsAndSampledFlag()
    {
        TraceParent.TryParse(SpecExample, out var parsed).ShouldBeTrue();

        (parsed.TraceId.ToHexString(), parsed.ParentId.ToHexString(), parsed.IsSampled).ShouldBe(("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a traceparent")]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // uppercase hex
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // all-zero parent id
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // forbidden version
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")] // version 00 is exactly 55 characters
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")] // short trace id
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01")] // wrong separators
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g")] // flags not hex
    [InlineData("0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version not hex
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x")] // later version: what follows must start with '-'
    public void TryParse_WhenValueIsInvalid_ShouldRefuse(string value)
    {
        TraceParent.TryParse(value, out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_WhenValueIsNull_ShouldRefuse()
    {
        TraceParent.TryParse(null, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-adds")]
    public void TryParse_WhenVersionIsLater_ShouldReadTheVersion00Fields(string value)
    {
        TraceParent.TryParse(value, out var parsed).ShouldBeTrue();

        parsed.ToString().ShouldBe(SpecExample);
    }

    [Fact]
    public void ToString_WhenUnknownFlagsWereSet_ShouldPassOnOnlyTheSampledBit()
    {
        TraceParent.TryParse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe", out var parsed).ShouldBeTrue();

        parsed.ToString().ShouldBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    }

    [Fact]
    public void ForOrder_WhenCalledTwice_ShouldGiveTheSameValidContext()
    {
        var first = TraceParent.ForOrder("01JDQ7ZK3M5N8P0R2S4T6V8W9X");

        TraceParent.TryParse(first.ToString(), out var reparsed).ShouldBeTrue();
        (reparsed, TraceParent.ForOrder("01JDQ7ZK3M5N8P0R2S4T6V8W9X")).ShouldBe((first, first));
    }

    [Fact]
    public void ForOrder_WhenOrdersDiffer_ShouldGiveDifferentTraces()
    {
        TraceParent.ForOrder("01JDQ7ZK3M5N8P0R2S4T6V8W9X").TraceId.ShouldNotBe(TraceParent.ForOrder("01JDQ7ZK3M5N8P0R2S4T6V8W9Y").TraceId);
    }

    [Fact]
    public void Of_WhenActivityIsStarted_ShouldNameItsTraceAndSpan()
    {
        using var activity = new Activity("test").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();

        TraceParent.Of(activity).ToString().ShouldBe($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01");
    }

    [Fact]
    public void Start_WhenNoListenerAndNoParent_ShouldStartARootEvenInsideAnotherSpan()
    {
        using var outer = new Activity("outer").Start();
        using var source = new ActivitySource("Fulfilment.Tests.NoListener");

        using var span = TraceSpans.Start(source, "inner", ActivityKind.Internal, parent: null);

        (span.TraceId == outer.TraceId, span.ParentSpanId == default).ShouldBe((false, true));
    }

    [Fact]
    public void Start_WhenNoListenerAndAParent_ShouldStartAChildOfIt()
    {
        TraceParent.TryParse(SpecExample, out var parent).ShouldBeTrue();
        using var source = new ActivitySource("Fulfilment.Tests.NoListener");

        using var span = TraceSpans.Start(source, "inner", ActivityKind.Internal, parent);

        (span.TraceId, span.ParentSpanId).ShouldBe((parent.TraceId, parent.ParentId));
    }
}
