using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Service;

namespace Fulfilment.Local.OpsConsole.Tests;

public sealed class StateOutcomesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_WhenTaskFailedThenSucceeded_ShouldBeRetried()
    {
        var history = new History()
            .Add("TaskStateEntered", 0, Named("Charge"))
            .Add("TaskScheduled", 1)
            .Add("TaskFailed", 2, Error("PaymentProviderUnavailable"))
            .Add("TaskScheduled", 3)
            .Add("TaskSucceeded", 4)
            .Add("TaskStateExited", 5, Named("Charge"));

        var states = StateOutcomes.From(history.Events, Execution(ExecutionStatus.Succeeded));

        Assert.Equal((Outcomes.Retried, 1), (states["Charge"].Outcome, states["Charge"].Failures.Count));
    }

    [Fact]
    public void From_WhenFailureIsFollowedByExit_ShouldBeCaught()
    {
        var history = new History()
            .Add("TaskStateEntered", 0, Named("Reserve"))
            .Add("TaskFailed", 1, Error("InsufficientStock"))
            .Add("TaskStateExited", 2, Named("Reserve"));

        var states = StateOutcomes.From(history.Events, Execution(ExecutionStatus.Succeeded));

        Assert.Equal((Outcomes.Caught, "InsufficientStock"), (states["Reserve"].Outcome, states["Reserve"].Error));
    }

    [Fact]
    public void From_WhenParallelBranchesInterleave_ShouldAttributeFailuresByPreviousEventId()
    {
        var history = new History()
            .Add("TaskStateEntered", 0, Named("Left"))
            .Add("TaskStateEntered", 0, Named("Right"))
            .Add("TaskScheduled", 1)
            .Add("TaskScheduled", 2)
            .Add("TaskFailed", 4, Error("Boom"))
            .Add("TaskSucceeded", 3)
            .Add("TaskStateExited", 6, Named("Left"));

        var states = StateOutcomes.From(history.Events, Execution(ExecutionStatus.Failed, "Boom"));

        Assert.Equal((Outcomes.Succeeded, Outcomes.Failed), (states["Left"].Outcome, states["Right"].Outcome));
    }

    [Fact]
    public void From_WhenFailStateEntered_ShouldBeFailingStateWithTheExecutionError()
    {
        var history = new History()
            .Add("PassStateEntered", 0, Named("Start"))
            .Add("PassStateExited", 1, Named("Start"))
            .Add("FailStateEntered", 2, Named("Broken"))
            .Add("ExecutionFailed", 3, Error("CompensationFailed"));

        var states = StateOutcomes.From(history.Events, Execution(ExecutionStatus.Failed, "CompensationFailed"));

        Assert.Equal(("Broken", "CompensationFailed"), (StateOutcomes.FailingState(states), states["Broken"].Error));
    }

    [Fact]
    public void From_WhenRedrivenAndStillRunning_ShouldMarkTheEarlierFailureAsBeforeRedrive()
    {
        var history = new History()
            .Add("FailStateEntered", 0, Named("Broken"))
            .Add("ExecutionFailed", 1, Error("CompensationFailed"))
            .Add("ExecutionRedriven", 2)
            .Add("TaskStateEntered", 3, Named("Refund"));

        var states = StateOutcomes.From(history.Events, Execution(ExecutionStatus.Running));

        Assert.Equal((true, Outcomes.Running, null), (states["Broken"].BeforeRedrive, states["Refund"].Outcome, StateOutcomes.FailingState(states)));
    }

    private static JsonObject Named(string name) => new() { ["name"] = name, ["input"] = "{}", ["output"] = "{}" };

    private static JsonObject Error(string error) => new() { ["error"] = error, ["cause"] = "because" };

    private static ExecutionDescription Execution(string status, string? error = null) =>
        new("arn:x", "arn:m", "x", status, "{}", null, error, null, T0, null, 0, null, "NOT_REDRIVABLE", null);

    private sealed class History
    {
        public List<HistoryEvent> Events { get; } = [];

        public History Add(string type, long previous, JsonObject? details = null)
        {
            Events.Add(new HistoryEvent(Events.Count + 1, previous, type, T0.AddSeconds(Events.Count), details is null ? null : "details", details));
            return this;
        }
    }
}
