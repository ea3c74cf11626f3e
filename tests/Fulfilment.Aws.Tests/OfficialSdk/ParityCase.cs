using Fulfilment.Aws.EventBridge;
using Fulfilment.Aws.StepFunctions;

namespace Fulfilment.Aws.Tests.OfficialSdk;

/// <summary>
/// One call of an operation our clients implement, made with our client; tools/aws-sdk-js/sdk-parity.mjs makes the same call
/// with the official SDK under the same <see cref="Name"/> (<c>service.Operation</c>, optionally <c>#variant</c>).
/// </summary>
/// <param name="Response">What the service answers; both clients must read it.</param>
/// <param name="FillsIdempotencyToken">The call leaves an idempotency token unset, so each client fills in its own value.</param>
public sealed record ParityCase(string Name, CannedResponse Response, Func<OurClients, Task> Call, bool FillsIdempotencyToken = false)
{
    /// <summary><c>states</c> or <c>events</c>: the signing name and endpoint prefix.</summary>
    public string Service => Name[..Name.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The operation, e.g. <c>StartExecution</c>.</summary>
    public string Operation => Name[(Name.IndexOf('.', StringComparison.Ordinal) + 1)..].Split('#')[0];

    /// <summary>The <c>X-Amz-Target</c> both clients must send.</summary>
    public string Target => (Service == "states" ? "AWSStepFunctions." : "AWSEvents.") + Operation;

    public override string ToString() => Name;
}

/// <summary>Our two clients, built for one call.</summary>
public sealed record OurClients(StepFunctionsClient StepFunctions, EventBridgeClient EventBridge);

/// <summary>Every operation of <c>platform/Fulfilment.Aws</c>, each with values in every member our request types have.</summary>
public static class ParityCases
{
    public static IReadOnlyList<ParityCase> All { get; } = [.. StepFunctionsParityCases.All, .. EventBridgeParityCases.All];

    public static ParityCase Named(string name) => All.Single(c => c.Name == name);
}
