using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Tests.Differential;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Execution;

/// <summary>
/// The byte-level shortcuts (<c>ExecutionServiceOptions.FastPaths</c>) are optimisations only: every case of the differential
/// corpus records the same history with them on and off, event by event, payload text by payload text.
/// </summary>
public sealed class FastPathAgreementTests
{
    public static TheoryData<string> CaseIds() => new(DifferentialTests.Cases().Select(c => c["id"]!.GetValue<string>()));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Run_WhenFastPathsOnAndOff_ShouldRecordTheSameHistory(string id)
    {
        var testCase = DifferentialTests.Cases().Single(c => c["id"]!.GetValue<string>() == id);
        var definition = testCase["definition"]!.ToJsonString();
        var input = testCase["input"]!.ToJsonString();

        var fast = await Engine.RunAsync(definition, input, fastPaths: true);
        var nodes = await Engine.RunAsync(definition, input, fastPaths: false);

        Assert.Equal(Events(nodes), Events(fast));
    }

    // Timestamps come from the instant clock, which starts at the wall-clock time of each run; everything else must match.
    private static string[] Events(Engine.Outcome outcome) =>
        [outcome.Status + " " + outcome.Output?.ToJsonString(), .. outcome.History.Select(e => $"{e.Id} {e.PreviousEventId} {e.Type} {e.DetailsName} {e.Details?.ToJsonString()}")];
}
