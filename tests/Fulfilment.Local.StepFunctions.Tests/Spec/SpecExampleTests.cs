using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Execution;
using Fulfilment.Local.StepFunctions.Model;
using Fulfilment.Local.StepFunctions.Tasks;
using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests.Spec;

/// <summary>Worked examples from the Amazon States Language specification and the AWS guide, as tables of definition, input and expected outcome.</summary>
public sealed class SpecExampleTests
{
    public static TheoryData<string, string, string, string, bool> DataFlow() => BothPaths.Cross(DataFlowRows());

    private static TheoryData<string, string, string, string> DataFlowRows() => new()
    {
        // Spec, "Input and Output Processing": InputPath selects, ResultPath places the result, OutputPath filters.
        { "InputPath+ResultPath", """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:add","InputPath":"$.numbers","ResultPath":"$.sum","End":true}}}""", """{"title":"Numbers to add","numbers":{"val1":3,"val2":4}}""", """{"title":"Numbers to add","numbers":{"val1":3,"val2":4},"sum":7}""" },
        { "OutputPath", """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:add","InputPath":"$.numbers","ResultPath":"$.sum","OutputPath":"$.sum","End":true}}}""", """{"numbers":{"val1":3,"val2":4}}""", "7" },
        // Spec, "ResultPath": the result nested under a path that does not exist yet.
        { "ResultPath creates members", """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"It's a result","ResultPath":"$.master.detail","End":true}}}""", """{"master":{"x":1}}""", """{"master":{"x":1,"detail":"It's a result"}}""" },
        // AWS guide: ResultPath null discards the result and passes the input through.
        { "ResultPath null", """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"x","ResultPath":null,"End":true}}}""", """{"keep":true}""", """{"keep":true}""" },
        // Spec, "Parameters": static values, paths and the context object.
        { "Parameters", """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"flagged":true,"parts":{"first.$":"$.vals[0]","last3.$":"$.vals[-3:]"},"name.$":"$$.State.Name"},"End":true}}}""", """{"flagged":7,"vals":[0,10,20,30,40,50]}""", """{"flagged":true,"parts":{"first":0,"last3":[30,40,50]},"name":"A"}""" },
        // Spec, "Map State": ItemsPath, ItemSelector with $$.Map.Item.Value, results in order.
        { "Map", """{"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.detail.shipped","MaxConcurrency":0,"ItemSelector":{"parcel.$":"$$.Map.Item.Value","courier.$":"$.delivery-partner"},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.parcel.prod","End":true}}},"ResultPath":"$.detail.shipped","End":true}}}""", """{"delivery-partner":"UQS","detail":{"shipped":[{"prod":"R31"},{"prod":"S39"}]}}""", """{"delivery-partner":"UQS","detail":{"shipped":["R31","S39"]}}""" },
        // Spec, "Parallel State": the output is an array of branch outputs.
        { "Parallel", """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},{"StartAt":"B","States":{"B":{"Type":"Pass","InputPath":"$.b","End":true}}}],"End":true}}}""", """{"b":2}""", """["a",2]""" },
        // AWS guide, intrinsic functions: States.Format with escapes, nested calls.
        { "Intrinsics", """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"f.$":"States.Format('Your name is {}, we are in the year {}', $.name, 2020)","u.$":"States.ArrayUnique($.a)","s.$":"States.StringSplit('This.is+a,test=string', '.+,=')","h.$":"States.Hash('input data', 'SHA-1')"},"End":true}}}""", """{"name":"Foo","a":[1,2,3,3,3,3,3,3,4]}""", """{"f":"Your name is Foo, we are in the year 2020","u":[1,2,3,4],"s":["This","is","a","test","string"],"h":"aaff4a450a104cd177d28d18d74485e8cae074b7"}""" },
        // Spec, "Choice State": StringMatches with an escaped star.
        { "StringMatches escape", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.s","StringMatches":"a\\*b*","Next":"Y"}],"Default":"N"},"Y":{"Type":"Pass","Result":"yes","End":true},"N":{"Type":"Pass","Result":"no","End":true}}}""", """{"s":"a*bc"}""", "\"yes\"" },
    };

    [Theory]
    [MemberData(nameof(DataFlow))]
    public async Task Run_WhenSpecExample_ShouldProduceTheDocumentedOutput(string name, string definition, string input, string expected, bool fastPaths)
    {
        _ = name;
        var lambda = new FakeLambda().On("add", p => JsonValue.Create(p!["val1"]!.GetValue<int>() + p["val2"]!.GetValue<int>()));
        var outcome = await Engine.RunAsync(definition, input, [lambda], fastPaths: fastPaths);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), outcome.Output), $"{outcome.Status} {outcome.Error} {outcome.Cause} {outcome.Output?.ToJsonString()}");
    }

    public static TheoryData<string, string, string, bool> Errors() => BothPaths.Cross(ErrorRows());

    private static TheoryData<string, string, string> ErrorRows() => new()
    {
        // Spec, "Retry": retriers are tried in order; the first whose ErrorEquals matches applies.
        { "first matching catcher wins", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:failX","Catch":[{"ErrorEquals":["Y"],"Next":"Wrong"},{"ErrorEquals":["States.TaskFailed"],"Next":"Right"},{"ErrorEquals":["States.ALL"],"Next":"Wrong"}],"End":true},"Wrong":{"Type":"Fail","Error":"Wrong"},"Right":{"Type":"Fail","Error":"Right"}}}""", "Right" },
        // Spec: States.TaskFailed matches any error except States.Timeout.
        { "TaskFailed does not catch Timeout", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:hang","TimeoutSeconds":1,"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Wrong"}],"End":true},"Wrong":{"Type":"Fail","Error":"Wrong"}}}""", "States.Timeout" },
        // AWS guide, error names: States.ALL does not catch States.Runtime.
        { "ALL does not catch Runtime", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:echo","InputPath":"$.missing","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Wrong"}],"End":true},"Wrong":{"Type":"Fail","Error":"Wrong"}}}""", "States.Runtime" },
        // AWS guide: outputs above 256 KB fail with States.DataLimitExceeded.
        { "payload limit", """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:big","End":true}}}""", "States.DataLimitExceeded" },
        { "no choice matched", """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.zzz","IsPresent":true,"Next":"E"}]},"E":{"Type":"Succeed"}}}""", "States.NoChoiceMatched" },
        { "bad intrinsic", """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"States.ArrayGetItem($.a, 5)"},"End":true}}}""", "States.IntrinsicFailure" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Run_WhenSpecErrorExample_ShouldFailWithTheDocumentedError(string name, string definition, string error, bool fastPaths)
    {
        _ = name;
        var lambda = new FakeLambda()
            .On("big", _ => JsonValue.Create(new string('x', 300_000)))
            .On("hang", _ => throw new InvalidOperationException("not reached"));
        var outcome = await Engine.RunAsync(definition, """{"a":[1]}""", [new HangingLambda(), lambda], fastPaths: fastPaths);
        Assert.Equal(("FAILED", error), (outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retry_WhenBackoffAndMaxDelay_ShouldWaitIntervalTimesRateCappedAtMaxDelay(bool fastPaths)
    {
        var clock = new InstantEngineClock();
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:failX","Retry":[{"ErrorEquals":["X"],"IntervalSeconds":3,"BackoffRate":2,"MaxAttempts":4,"MaxDelaySeconds":10}],"End":true}}}""";
        await Engine.RunAsync(definition, "{}", clock: clock, fastPaths: fastPaths);
        Assert.Equal("3,6,10,10", string.Join(",", clock.Delays.Select(d => d.TotalSeconds)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retry_WhenFullJitter_ShouldNeverExceedTheCappedDelay(bool fastPaths)
    {
        var clock = new InstantEngineClock();
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:failX","Retry":[{"ErrorEquals":["X"],"IntervalSeconds":3,"BackoffRate":2,"MaxAttempts":6,"MaxDelaySeconds":10,"JitterStrategy":"FULL"}],"End":true}}}""";
        await Engine.RunAsync(definition, "{}", clock: clock, fastPaths: fastPaths);
        Assert.All(clock.Delays.Zip([3.0, 6, 10, 10, 10, 10]), p => Assert.InRange(p.First.TotalSeconds, 0, p.Second));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Retry_WhenMaxAttemptsZero_ShouldNeverRetry(bool fastPaths)
    {
        var clock = new InstantEngineClock();
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:failX","Retry":[{"ErrorEquals":["X"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}],"End":true}}}""";
        var outcome = await Engine.RunAsync(definition, "{}", clock: clock, fastPaths: fastPaths);
        Assert.Equal(("X", 0), (outcome.Error, clock.Delays.Count));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Wait_WhenTimestampPath_ShouldAdvanceTheClockToTheTimestamp(bool fastPaths)
    {
        var clock = new InstantEngineClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        const string definition = """{"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.at","End":true}}}""";
        await Engine.RunAsync(definition, """{"at":"2026-01-01T00:10:00Z"}""", clock: clock, fastPaths: fastPaths);
        Assert.Equal(TimeSpan.FromMinutes(10), clock.Delays.Single());
    }

    public static TheoryData<string, string> InvalidDefinitions() => new()
    {
        { """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Bogus":1}}}""", "/States/A/Bogus" },
        { """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}""", "/States/A/Next" },
        { """{"StartAt":"X","States":{"A":{"Type":"Pass","End":true}}}""", "/StartAt" },
        { """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["States.ALL","X"]}]}}}""", "/States/A/Retry/0/ErrorEquals/0" },
        { """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","End":true,"Retry":[{"ErrorEquals":["X"],"JitterStrategy":"SOME"}]}}}""", "/States/A/Retry/0/JitterStrategy" },
        { """{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"$.a[?("},"End":true}}}""", "/States/A/Parameters/x.$" },
        { """{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":"1","Next":"A"}]}}}""", "/States/A/Choices/0/NumericEquals" },
        { """{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"B":{"Type":"Pass","End":true}}}""", "/States/B" },
        { """{"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Wait","End":true}}}]}}}""", "/States/P/Branches/0/States/A" },
        { """{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$.a[*]","End":true}}}""", "/States/A/ResultPath" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void Parse_WhenDefinitionInvalid_ShouldPointAtTheBadField(string definition, string jsonPointer)
    {
        var e = Assert.Throws<AslValidationException>(() => AslParser.Parse(definition));
        Assert.Contains(jsonPointer, e.Errors.Select(x => x.Pointer));
    }

    /// <summary>A Lambda that never answers, to exercise TimeoutSeconds.</summary>
    private sealed class HangingLambda : ITaskInvoker
    {
        public bool CanInvoke(string resource) => resource.EndsWith(":hang", StringComparison.Ordinal);

        public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }
}
