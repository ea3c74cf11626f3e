using Shouldly;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// Each AWS JSON error spelling, answered to both clients: ours must surface the name, HTTP status, message and request id
/// the official SDK surfaces (its <c>name</c>, <c>$metadata.httpStatusCode</c>, <c>message</c>, <c>$metadata.requestId</c>).
/// </summary>
[Collection(OfficialSdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ErrorParityTests(OfficialSdkRun run)
{
    [Theory]
    [MemberData(nameof(ParityPlan.ErrorLabels), MemberType = typeof(ParityPlan))]
    public void Error_WhenTheServiceAnswersThisShape_ShouldSurfaceAsTheOfficialSdkDoes(string label)
    {
        var (ours, official) = run[label];

        ours.Error.ShouldBe(official.Error.ShouldNotBeNull("the official SDK read this answer as a success"));
    }
}
