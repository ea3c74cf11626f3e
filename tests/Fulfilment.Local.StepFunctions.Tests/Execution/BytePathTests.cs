using System.Text;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Execution.Flow;
using Fulfilment.Local.StepFunctions.Json;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Execution;

/// <summary>
/// The fast paths of the data flow (outputs and Parameters spliced from their input's text, Lambda payloads and responses
/// as bytes) must give exactly what the node pipeline gives, and hand anything they cannot be sure of to the node pipeline.
/// </summary>
public sealed class BytePathTests
{
    [Theory]
    [InlineData("""{"a":[1,2.50,{"b":null}],"c":"é","d":true}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""[]""", true)]
    [InlineData("""7""", true)]
    [InlineData("""{"a": 1}""", false)]
    [InlineData("""{"a":1 }""", false)]
    [InlineData(""" {"a":1}""", false)]
    [InlineData("""{"a":"\u0041"}""", false)]
    [InlineData("""{"a":1}x""", false)]
    [InlineData("""not json""", false)]
    public void IsCanonical_WhenGivenText_ShouldSayWhetherTheSerializerWritesItTheSame(string json, bool expected) =>
        Assert.Equal(expected, Utf8Json.IsCanonical(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":1,"last":{"x":[1]},"b":2}""")]
    [InlineData("""{}""")]
    [InlineData("""{"a":"x\"}y","q":[{"r":"]"}]}""")]
    public void SetMember_WhenChainedOnItsOwnOutput_ShouldWriteWhatTheNodePathSerializes(string json)
    {
        // Each output is the next input: its member index is carried over from the splice, not scanned again.
        var history = new HistoryRecorder(0, new InstantEngineClock());
        var value = StateValue.Written(history, history.Write(Encoding.UTF8.GetBytes(json)));
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var (name, member) in new[] { ("last", """{"n":1}"""), ("b", """[2,{"c":"}"}]"""), ("last", "\"short\""), ("z", "3"), ("a", """{"deep":{"x":1}}"""), ("z", "4"), ("q", "null") })
        {
            var plan = new SetMemberPlan(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(JsonValues.Serialize(JsonValue.Create(name)) + ":"));
            value = ByteSplice.SetMember(value, plan, StateValue.OfText(Encoding.UTF8.GetBytes(member)), history)!;
            node[name] = JsonNode.Parse(member);
        }

        Assert.Equal(JsonValues.Serialize(node), value.ToText());
    }

    [Theory]
    [InlineData("""{"a":1,"last":{"x":[1]},"b":2}""", "last", 14, 23, 29)]
    [InlineData("""{"a":1}""", "last", -1, -1, 6)]
    [InlineData("""{"a":"x\"}y","last":[{"b":"]"}],"c":1}""", "last", 20, 31, 37)]
    public void IndexMembers_WhenTheObjectIsCompact_ShouldFindTheValueOrTheClosingBrace(string json, string name, int start, int end, int close)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var index = MemberIndex.Scan(text);
        var s = -1;
        var e = -1;
        var found = index.Indexed && Utf8Json.TryFind(text, index.Ranges, Encoding.UTF8.GetBytes(name), out s, out e);

        Assert.Equal((true, start, end, close), (found, s, e, index.Close));
    }

    [Theory]
    [InlineData("""{"last":1,"last":2}""")]
    [InlineData("""[1,2]""")]
    [InlineData(""""text"""")]
    public void IndexMembers_WhenNotAnObjectOrNamedTwice_ShouldLeaveItToTheNodePath(string json)
    {
        var text = Encoding.UTF8.GetBytes(json);
        var index = MemberIndex.Scan(text);

        Assert.False(index.Indexed && Utf8Json.TryFind(text, index.Ranges, "last"u8, out _, out _));
    }

    [Fact]
    public async Task RunAsync_WhenAPassSetsAnExistingMember_ShouldReplaceItInPlace()
    {
        var outcome = await Engine.RunAsync(Machine("""{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.r","End":true}"""), """{"r":0,"in":1}""");

        Assert.Equal("""{"r":{"ok":true},"in":1}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_WhenAPassResultPathMeetsANonObject_ShouldFailWithResultPathMatchFailure()
    {
        var outcome = await Engine.RunAsync(Machine("""{"Type":"Pass","Result":1,"ResultPath":"$.r","End":true}"""), """[1,2]""");

        Assert.Equal("States.ResultPathMatchFailure", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_WhenAPassOutputExceeds256KB_ShouldFailWithDataLimitExceeded()
    {
        var input = new JsonObject { ["big"] = new string('x', 140_000) }.ToJsonString();

        var outcome = await Engine.RunAsync(Machine("""{"Type":"Pass","ResultPath":"$.copy","End":true}"""), input);

        Assert.Equal("States.DataLimitExceeded", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_WhenALambdaAnswersCanonicalJson_ShouldSpliceItAndRecordItAsTheTaskOutput()
    {
        var outcome = await Engine.RunAsync(Machine(LambdaTask("$.r")), """{"r":0,"in":1}""", [Lambda("""{"x":[1,"é"]}""")]);

        var succeeded = outcome.History.Single(e => e.Type == "LambdaFunctionSucceeded");
        Assert.Equal(
            ("""{"r":{"x":[1,"é"]},"in":1}""", """{"x":[1,"é"]}"""),
            (outcome.Output!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), succeeded.Details!["output"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RunAsync_WhenALambdaAnswersSpacedOrEscapedJson_ShouldRecordItAsTheNodePathWritesIt()
    {
        var outcome = await Engine.RunAsync(Machine(LambdaTask("$.r")), """{"in":1}""", [Lambda("""{ "x" : "\u0041" }""")]);

        var exited = outcome.History.Single(e => e.Type == "TaskStateExited");
        Assert.Equal("""{"in":1,"r":{"x":"A"}}""", exited.Details!["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_WhenALambdaResultPathMeetsANonObject_ShouldFailWithResultPathMatchFailure()
    {
        var outcome = await Engine.RunAsync(Machine(LambdaTask("$.r")), "[1]", [Lambda("1")]);

        Assert.Equal("States.ResultPathMatchFailure", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_WhenALambdaTaskHasNoResultPath_ShouldOutputTheResponse()
    {
        var outcome = await Engine.RunAsync(Machine(LambdaTask(null)), """{"in":1}""", [Lambda("""{"only":2}""")]);

        Assert.Equal("""{"only":2}""", outcome.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_WhenTaskParametersPickInputMembers_ShouldSendTheObjectTheNodePathBuilds()
    {
        var sent = new List<string>();
        var lambda = new LambdaTaskInvoker((_, payload, _) =>
        {
            sent.Add(Encoding.UTF8.GetString(payload));
            return Task.FromResult<(byte[]?, (string, string)?)>((payload, null));
        });
        const string task = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Parameters":{"orderId.$":"$.orderId","n":{"k":[1]},"lines.$":"$.lines"},"ResultPath":"$.r","TimeoutSeconds":30,"End":true}""";

        var outcome = await Engine.RunAsync(Machine(task), """{"lines":[{"sku":"a b"}],"orderId":"o-1","x":"y"}""", [lambda]);

        Assert.Equal(
            ("""{"orderId":"o-1","n":{"k":[1]},"lines":[{"sku":"a b"}]}""", """{"lines":[{"sku":"a b"}],"orderId":"o-1","x":"y","r":{"orderId":"o-1","n":{"k":[1]},"lines":[{"sku":"a b"}]}}"""),
            (sent.Single(), outcome.Output!.ToJsonString()));
    }

    [Fact]
    public async Task RunAsync_WhenATaskParametersPathIsMissing_ShouldFailWithStatesRuntime()
    {
        const string task = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Parameters":{"a.$":"$.missing"},"End":true}""";

        var outcome = await Engine.RunAsync(Machine(task), """{"in":1}""", [Lambda("{}")]);

        Assert.Equal("States.Runtime", outcome.Error);
    }

    [Fact]
    public async Task RunAsync_WhenALambdaTaskWithTimeoutSecondsHangs_ShouldTimeOut()
    {
        var hanging = new LambdaTaskInvoker(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return (null, null);
        });
        const string task = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","TimeoutSeconds":1,"ResultPath":"$.r","End":true}""";

        var outcome = await Engine.RunAsync(Machine(task), """{"in":1}""", [hanging]);

        Assert.Equal(("States.Timeout", 1), (outcome.Error, outcome.History.Count(e => e.Type == "LambdaFunctionTimedOut")));
    }

    [Fact]
    public async Task RunAsync_WhenALambdaTaskWithTimeoutSecondsAnswersAtOnce_ShouldSpliceTheResponse()
    {
        const string task = """{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","TimeoutSeconds":1,"ResultPath":"$.r","End":true}""";

        var outcome = await Engine.RunAsync(Machine(task), """{"in":1}""", [Lambda("""{"x":2}""")]);

        Assert.Equal("""{"in":1,"r":{"x":2}}""", outcome.Output!.ToJsonString());
    }

    private static string Machine(string state) => """{"StartAt":"S","States":{"S":""" + state + "}}";

    private static string LambdaTask(string? resultPath) =>
        $$"""{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f"{{(resultPath is null ? "" : $",\"ResultPath\":\"{resultPath}\"")}},"End":true}""";

    private static LambdaTaskInvoker Lambda(string response) =>
        new((_, _, _) => Task.FromResult<(byte[]?, (string, string)?)>((Encoding.UTF8.GetBytes(response), null)));
}
