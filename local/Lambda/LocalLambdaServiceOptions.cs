namespace Fulfilment.Local.Lambda;

/// <summary>Settings of the local Lambda service as a whole (per-function settings live on <see cref="LocalLambdaFunction"/>).</summary>
public sealed record LocalLambdaServiceOptions
{
    /// <summary>The Runtime API port on 127.0.0.1 (0: a free one).</summary>
    public int Port { get; init; }

    /// <summary>Receives every stdout/stderr line of every sandbox and the service's own notices, with the function name.</summary>
    public Action<string, string>? Log { get; init; }

    /// <summary>A sandbox that has not asked for its first event within this time is killed and its queued invocations fail (AWS: 10 s).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chaos (0–1): the probability that a process is killed right after it was handed an invocation, which then fails with
    /// <c>Runtime.ExitError</c> — to prove that callers retry and handlers are idempotent. 0 (off) by default.
    /// </summary>
    public double ChaosKillProbability { get; init; }

    /// <summary>Called each time chaos kills a process (function name), so runs can report how many crashes they caused.</summary>
    public Action<string>? OnChaosKill { get; init; }

    /// <summary>
    /// On stop, how long a sandbox has between SIGTERM and SIGKILL to answer its in-flight invocation and exit, as in
    /// Lambda's shutdown phase (2 s there: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
    /// </summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The region in function ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in function ARNs.</summary>
    public string AccountId { get; init; } = "000000000000";
}
