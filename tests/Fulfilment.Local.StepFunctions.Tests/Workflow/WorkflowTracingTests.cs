using System.Text.Json.Nodes;
using Fulfilment.Contracts.Errors;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>The execution input's traceparent reaches every Lambda payload and every OrderStatusChanged event (docs/tracing.md).</summary>
public sealed class WorkflowTracingTests
{
    private const string Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenInputHasTraceparent_ShouldPassItToEveryLambdaPayload(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        await h.RunAsync(WorkflowHarness.NewOrder() with { TraceParent = Traceparent });

        Assert.All(h.Steps.Invocations, i => Assert.Equal(Traceparent, (string?)i.Payload!["traceparent"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenCompensating_ShouldPassTraceparentToTheCompensationPayloads(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        h.Steps.FailNext("inventory-commit", ErrorNames.ReservationStateConflict);
        await h.RunAsync(WorkflowHarness.NewOrder() with { TraceParent = Traceparent });

        var compensation = h.Steps.Invocations.Where(i => i.Function is "payment-refund" or "inventory-release").ToList();
        Assert.Equal([Traceparent, Traceparent], compensation.Select(i => (string?)i.Payload!["traceparent"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenInputHasTraceparent_ShouldPutItInEveryEvent(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        await h.RunAsync(WorkflowHarness.NewOrder() with { TraceParent = Traceparent });

        Assert.Equal([Traceparent, Traceparent, Traceparent, Traceparent], h.Bus.Published.Select(e => (string?)JsonNode.Parse(e.Detail)!["traceparent"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_WhenInputHasNoTraceparent_ShouldCompleteWithNullTraceparentEverywhere(bool fastPaths)
    {
        await using var h = await WorkflowHarness.StartAsync(fastPaths: fastPaths);
        var order = WorkflowHarness.NewOrder();

        var result = await h.RunAsync(order);

        var carried = h.Steps.Invocations.Select(i => i.Payload!.AsObject()).Concat(h.Bus.Published.Select(e => JsonNode.Parse(e.Detail)!.AsObject()));
        Assert.Equal(("SUCCEEDED", true), (result.Status, carried.All(o => o.ContainsKey("traceparent") && o["traceparent"] is null)));
    }
}
