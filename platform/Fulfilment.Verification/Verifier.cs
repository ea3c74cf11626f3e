namespace Fulfilment.Verification;

/// <summary>Reads a system's state and checks it: the one call a tool (e.g. <c>fulfil verify</c>) or a suite needs.</summary>
public sealed class Verifier(SnapshotSources sources, HttpClient http)
{
    /// <summary>Reads the state through <see cref="SnapshotReader"/> and returns <see cref="InvariantChecker.Check"/>'s report.</summary>
    public async Task<VerificationReport> VerifyAsync(VerificationExpectations expectations, CancellationToken ct)
    {
        var snapshot = await new SnapshotReader(sources, http).ReadAsync(ct);
        return InvariantChecker.Check(snapshot, expectations);
    }
}
