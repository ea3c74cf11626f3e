using Fulfilment.Lambda;

namespace Fulfilment.Local.Lambda.Internal;

/// <summary>One queued or running invocation of a process-mode function; completed exactly once by whoever gets there first.</summary>
internal sealed class Invocation(byte[] payload)
{
    private readonly TaskCompletionSource<LambdaInvocationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _deadline;
    private int _claimed;

    public string RequestId { get; } = Guid.NewGuid().ToString();

    public byte[] Payload { get; } = payload;

    public Task<LambdaInvocationResult> Result => _result.Task;

    public bool IsCompleted => _result.Task.IsCompleted;

    /// <summary>The sandbox running it (null while queued, or for a runtime we did not start).</summary>
    public Sandbox? Owner { get; private set; }

    /// <summary>Takes it off the queue for one sandbox; false when another took it or the caller gave up.</summary>
    public bool TryClaim(Sandbox? owner)
    {
        if (IsCompleted || Interlocked.Exchange(ref _claimed, 1) == 1)
        {
            return false;
        }

        Owner = owner;
        return true;
    }

    public void ArmDeadline(TimeSpan timeout, Action<Invocation> onTimeout) =>
        _deadline = TimeProvider.System.CreateTimer(static state => ((Action)state!)(), (Action)(() => onTimeout(this)), timeout, Timeout.InfiniteTimeSpan);

    public bool TryComplete(LambdaInvocationResult result)
    {
        if (!_result.TrySetResult(result))
        {
            return false;
        }

        _deadline?.Dispose();
        return true;
    }

    public void Cancel(CancellationToken ct)
    {
        if (_result.TrySetCanceled(ct))
        {
            _deadline?.Dispose();
        }
    }
}
