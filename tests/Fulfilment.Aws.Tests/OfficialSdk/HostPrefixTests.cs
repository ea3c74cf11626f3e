using Shouldly;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// StartSyncExecution on an endpoint given as an IP address, with host prefixes on: the official SDK puts <c>sync-</c> before
/// the address too and never reaches a server; ours refuses before sending and says how to configure it.
/// </summary>
[Collection(OfficialSdkCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostPrefixTests(OfficialSdkRun run)
{
    private static string Label => ParityPlan.PrefixOnIpAddress.Label;

    [Fact]
    public void StartSyncExecution_WhenTheOfficialSdkHasAnIpAddressEndpoint_ShouldConnectToTheSyncPrefixedAddress()
    {
        run[Label].Official.Connect.ShouldBe($"sync-127.0.0.1:{run.Routes.PlainPort}");
    }

    [Fact]
    public void StartSyncExecution_WhenOurClientHasAnIpAddressEndpoint_ShouldRefuseNamingTheSetting()
    {
        var ours = run[Label].Ours;

        (ours.Error?.Name, ours.Error?.Message.Contains("AWS_DISABLE_HOST_PREFIX_INJECTION", StringComparison.Ordinal), ours.Connect)
            .ShouldBe(("InvalidOperationException", true, null));
    }

    [Fact]
    public void StartSyncExecution_WhenEitherClientHasAnIpAddressEndpoint_ShouldSendNothing()
    {
        (run[Label].Ours.Request, run[Label].Official.Request).ShouldBe((null, null));
    }
}
