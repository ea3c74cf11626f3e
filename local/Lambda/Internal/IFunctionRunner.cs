using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>Runs the invocations of one function, as processes or in-process.</summary>
internal interface IFunctionRunner : IAsyncDisposable
{
    LocalLambdaFunction Function { get; }

    Task StartAsync(CancellationToken ct);

    Task<LambdaInvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, CancellationToken ct);

    LocalLambdaFunctionStats Stats();

    /// <summary>Kills one process (a busy one first); false when none runs (or in-process mode).</summary>
    bool KillOne();
}
