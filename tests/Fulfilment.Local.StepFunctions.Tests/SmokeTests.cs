using Fulfilment.Local.StepFunctions.Tests.Support;

namespace Fulfilment.Local.StepFunctions.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Run_WhenPassChain_ShouldSucceedWithResult()
    {
        const string definition = """
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:echo","End":true}}}
            """;
        var outcome = await Engine.RunAsync(definition, """{"in":true}""");
        Assert.Equal("""{"in":true,"a":{"x":1}}""", outcome.Output!.ToJsonString());
    }
}
