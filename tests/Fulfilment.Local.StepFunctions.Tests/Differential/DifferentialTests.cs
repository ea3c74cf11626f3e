using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Differential;

/// <summary>Runs the whole corpus once in the oracle (one node process) and shares the results.</summary>
public sealed class OracleResults : IAsyncLifetime
{
    public JsonArray Corpus { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Differential", "corpus.json")))!.AsArray();

    public Dictionary<string, JsonObject> Results { get; private set; } = [];

    public async Task InitializeAsync() => Results = await SfnOracle.RunCorpusAsync(Corpus);

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Differential tests: each state machine of corpus.json runs in our engine and in aws-local-stepfunctions; status, output
/// and error name must agree. Where the oracle is known to be wrong the case carries <c>oracleBug</c> (with the
/// specification's rule) and <c>expected</c>: our engine must give the expected outcome and the oracle must still differ.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DifferentialTests(OracleResults oracle) : IClassFixture<OracleResults>
{
    public static TheoryData<string, bool> CaseIds() => BothPaths.Cross(Cases().Select(c => c["id"]!.GetValue<string>()));

    /// <summary>The cases of corpus.json.</summary>
    public static IEnumerable<JsonObject> Cases() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Differential", "corpus.json")))!.AsArray().Select(c => c!.AsObject());

    [Fact]
    public void Corpus_WhenLoaded_ShouldHaveAtLeastFortyCases() => Assert.True(oracle.Corpus.Count >= 40);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public async Task Run_WhenComparedWithOracle_ShouldAgree(string id, bool fastPaths)
    {
        var testCase = oracle.Corpus.Single(c => c!["id"]!.GetValue<string>() == id)!.AsObject();
        var ours = await Engine.RunAsync(testCase["definition"]!.ToJsonString(), testCase["input"]!.ToJsonString(), fastPaths: fastPaths);
        var theirs = oracle.Results[id];
        var oursSummary = Summary(ours.Status, ours.Output, ours.Error);
        if (testCase["expected"] is JsonObject expected)
        {
            var expectedSummary = Summary(expected["status"]!.GetValue<string>(), expected["output"], expected["error"]?.GetValue<string>());
            Assert.Equal(expectedSummary, oursSummary);
            Assert.NotEqual(expectedSummary, Summary(theirs["status"]!.GetValue<string>(), theirs["output"], theirs["error"]?.GetValue<string>()));
            return;
        }

        Assert.Equal(Summary(theirs["status"]!.GetValue<string>(), theirs["output"], theirs["error"]?.GetValue<string>()), oursSummary);
    }

    private static string Summary(string status, JsonNode? output, string? error) =>
        status == "SUCCEEDED" ? $"SUCCEEDED {Canonical(output)}" : $"{status} {error}";

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":{Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
