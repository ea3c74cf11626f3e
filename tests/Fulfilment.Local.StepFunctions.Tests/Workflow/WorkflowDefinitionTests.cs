using System.Text.Json.Nodes;
using Fulfilment.Contracts.Errors;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Workflow;

/// <summary>Static rules the workflow definition must keep: error names in step with the contracts, retries and timeouts.</summary>
public sealed class WorkflowDefinitionTests
{
    private static readonly JsonObject Definition = JsonNode.Parse(WorkflowHarness.DefinitionText)!.AsObject();

    private static IEnumerable<(string Name, JsonObject State)> AllStates(JsonObject block)
    {
        foreach (var (name, node) in block["States"]!.AsObject())
        {
            var state = node!.AsObject();
            yield return (name, state);
            foreach (var branch in state["Branches"]?.AsArray() ?? [])
            {
                foreach (var inner in AllStates(branch!.AsObject()))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<string> ErrorEquals(JsonObject state, string field) =>
        (state[field]?.AsArray() ?? []).SelectMany(r => r!["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>()));

    private static bool IsPlatformName(string name) =>
        name.StartsWith("States.", StringComparison.Ordinal) || name.StartsWith("Lambda.", StringComparison.Ordinal) || name.StartsWith("Runtime.", StringComparison.Ordinal) ||
        name.StartsWith("DynamoDB.", StringComparison.Ordinal) || name.StartsWith("EventBridge.", StringComparison.Ordinal);

    [Fact]
    public void ErrorEquals_WhenNotPlatformNames_ShouldAllBeContractErrorNames()
    {
        var names = AllStates(Definition).SelectMany(s => ErrorEquals(s.State, "Retry").Concat(ErrorEquals(s.State, "Catch"))).Where(n => !IsPlatformName(n)).Distinct();
        Assert.All(names, n => Assert.Contains(n, ErrorNames.All));
    }

    [Fact]
    public void Retry_WhenNamingBusinessErrors_ShouldOnlyNameTransientOnes()
    {
        var retried = AllStates(Definition).Where(s => !IsType(s.State, "Parallel")).SelectMany(s => ErrorEquals(s.State, "Retry")).Where(n => !IsPlatformName(n)).Distinct();
        Assert.All(retried, n => Assert.Contains(n, ErrorNames.Transient));
    }

    [Fact]
    public void Retry_WhenOnAParallel_ShouldOnlyNameTheFailStatesOfItsOwnBranches()
    {
        // Compensate retries its own CompensationFailed once: that is what lets a redrive rerun the compensation (docs/workflow.md).
        var parallels = AllStates(Definition).Where(s => IsType(s.State, "Parallel") && s.State["Retry"] is not null).ToList();
        Assert.All(parallels, p =>
        {
            var ownFails = p.State["Branches"]!.AsArray().SelectMany(b => AllStates(b!.AsObject())).Where(s => IsType(s.State, "Fail")).Select(s => s.State["Error"]!.GetValue<string>());
            Assert.Superset(ownFails.ToHashSet(), ErrorEquals(p.State, "Retry").ToHashSet());
        });
        Assert.Equal(["Compensate"], parallels.Select(p => p.Name));
    }

    private static bool IsType(JsonObject state, string type) => state["Type"]!.GetValue<string>() == type;

    [Fact]
    public void Catch_WhenWorkflowHandlesBusinessOutcomes_ShouldNameEachOutcome()
    {
        var caught = AllStates(Definition).SelectMany(s => ErrorEquals(s.State, "Catch")).ToHashSet();
        Assert.Superset(new HashSet<string> { ErrorNames.InsufficientStock, ErrorNames.PaymentDeclined, ErrorNames.PaymentMismatch }, caught);
    }

    [Fact]
    public void Tasks_WhenDefined_ShouldAllHaveTimeoutSeconds()
    {
        var missing = AllStates(Definition).Where(s => s.State["Type"]!.GetValue<string>() == "Task" && s.State["TimeoutSeconds"] is null).Select(s => s.Name);
        Assert.Empty(missing);
    }

    [Fact]
    public void Retry_WhenDefined_ShouldUseFullJitterAndMaxDelay()
    {
        var retriers = AllStates(Definition).SelectMany(s => s.State["Retry"]?.AsArray() ?? []).Select(r => r!.AsObject()).ToList();
        Assert.All(retriers, r => Assert.Equal(("FULL", true), (r["JitterStrategy"]!.GetValue<string>(), r["MaxDelaySeconds"] is not null)));
    }

    [Fact]
    public void LambdaTasks_WhenRetried_ShouldRetryTheLambdaServiceErrors()
    {
        var lambdaTasks = AllStates(Definition).Where(s => s.State["Resource"]?.GetValue<string>() == "arn:aws:states:::lambda:invoke").ToList();
        // Plus what a crashed function gives (its process killed mid-invocation): every handler is idempotent, so a retry is safe.
        string[] required = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.Unknown", "Runtime.ExitError"];
        Assert.All(lambdaTasks, t => Assert.Superset(required.ToHashSet(), ErrorEquals(t.State, "Retry").ToHashSet()));
    }

    [Fact]
    public void CompensationFailed_WhenReached_ShouldBeAFailStateWithErrorAndCause()
    {
        var fail = AllStates(Definition).Single(s => s.Name == "CompensationFailed").State;
        Assert.Equal(("Fail", ErrorNames.CompensationFailed, true), (fail["Type"]!.GetValue<string>(), fail["Error"]!.GetValue<string>(), fail["Cause"] is not null));
    }

    [Fact]
    public void Placeholders_WhenListed_ShouldBeExactlyTheDeploymentSubstitutions()
    {
        Assert.Equal(WorkflowHarness.Substitutions.Keys.Order(), DefinitionSubstitutions.Names(WorkflowHarness.DefinitionText).Order());
    }

    [Fact]
    public void Parse_WhenSubstituted_ShouldBeValidForTheEngine()
    {
        var block = AslParser.Parse(DefinitionSubstitutions.Apply(WorkflowHarness.DefinitionText, WorkflowHarness.Substitutions));
        Assert.Equal("HasTraceContext", block.StartAt);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task AslValidator_WhenRunOnTheWorkflow_ShouldAccept()
    {
        await SfnOracle.EnsureInstalledAsync();
        var path = Path.Combine(SfnOracle.RepoRoot, "workflows", "order-fulfilment.asl.json");
        var (exit, stdout, stderr) = await SfnOracle.RunAsync("npx", $"--no asl-validator --json-path \"{path}\"", null, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, stdout + stderr);
    }
}
