namespace Fulfilment.Local.Lambda.Internal;

/// <summary>What every pool needs from the service: the server address, ARNs, settings and the log sink.</summary>
internal sealed class RuntimeApiContext(LocalLambdaServiceOptions options)
{
    public string Authority { get; set; } = string.Empty;

    public string Region => options.Region;

    public TimeSpan InitTimeout => options.InitTimeout;

    public TimeSpan ShutdownGrace => options.ShutdownGrace;

    /// <summary>Whether chaos picks this invocation's process to die (<see cref="LocalLambdaServiceOptions.ChaosKillProbability"/>).</summary>
#pragma warning disable CA5394 // Chaos sampling, not security: a predictable generator is fine.
    public bool ChaosStrikes() => options.ChaosKillProbability > 0 && Random.Shared.NextDouble() < options.ChaosKillProbability;
#pragma warning restore CA5394

    /// <summary>Reports a chaos kill to <see cref="LocalLambdaServiceOptions.OnChaosKill"/>.</summary>
    public void ChaosKilled(string function) => options.OnChaosKill?.Invoke(function);

    /// <summary><c>AWS_LAMBDA_RUNTIME_API</c> of one sandbox: the sandbox id in the path lets us tell which process asks.</summary>
    public string RuntimeApiFor(string function, string sandboxId) => $"{Authority}/fn/{function}/{sandboxId}";

    public string FunctionArn(string function) => LocalLambdaService.FunctionArn(function, options.Region, options.AccountId);

    public void Log(string function, string line)
    {
        try
        {
            options.Log?.Invoke(function, line);
        }
#pragma warning disable CA1031 // A faulty log sink must never take down a sandbox's output pump or the Runtime API.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
