using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fulfilment.Local.StepFunctions.Model;

namespace Fulfilment.Local.StepFunctions.Execution.States;

/// <summary>One attempt of a Task, Parallel or Map state: its result, before ResultSelector, ResultPath and OutputPath.</summary>
internal interface IStateAttempt
{
    /// <summary>Runs attempt number <paramref name="retryCount"/> (0 for the first; the context object's <c>State.RetryCount</c>).</summary>
    ValueTask<StateValue> AttemptAsync(Step step, int retryCount);
}

/// <summary>
/// The one Retry/Catch loop of Task, Parallel and Map states, in specification order: an attempt and its output, or on an
/// error the first retrier that matches (with its backoff), else the first catcher that matches, else the error goes on.
/// Also the race of an attempt against its TimeoutSeconds.
/// </summary>
internal sealed class Attempts(IEngineClock clock)
{
    public async ValueTask<Transition> RunAsync(Step step, IStateAttempt attempt)
    {
        var state = (ResultStateDefinition)step.State;
        var retryCounts = state.Retry.Count == 0 ? [] : new int[state.Retry.Count];
        var retryCount = 0;
        while (true)
        {
            try
            {
                var result = await attempt.AttemptAsync(step, retryCount);
                return step.Exit(state.Flow.Output(step, result, retryCount), state.Next);
            }
            catch (StatesException error) when (!step.Cancellation.IsCancellationRequested)
            {
                var retrier = FindMatch(state.Retry.Select(r => r.ErrorEquals), error.Error);
                if (retrier >= 0 && retryCounts[retrier] < state.Retry[retrier].MaxAttempts)
                {
                    var delay = RetryDelay(state.Retry[retrier], retryCounts[retrier]);
                    retryCounts[retrier]++;
                    retryCount++;
                    await clock.DelayAsync(delay, step.Cancellation);
                    continue;
                }

                var catcher = FindMatch(state.Catch.Select(c => c.ErrorEquals), error.Error);
                if (catcher < 0)
                {
                    throw;
                }

                var errorOutput = new JsonObject { ["Error"] = error.Error, ["Cause"] = error.Cause };
                return step.ExitCaught(state.Flow.Caught(step.Input, errorOutput, state.Catch[catcher]), state.Catch[catcher].Next);
            }
        }
    }

    /// <summary>
    /// The first rule whose ErrorEquals names the error. <c>States.ALL</c> matches every error and <c>States.TaskFailed</c>
    /// every error but <c>States.Timeout</c>; neither matches the terminal <c>States.Runtime</c> and <c>States.DataLimitExceeded</c>,
    /// which only an exact name catches.
    /// </summary>
    internal static int FindMatch(IEnumerable<IReadOnlyList<string>> rules, string error)
    {
        var terminal = error is StatesErrors.Runtime or StatesErrors.DataLimitExceeded;
        var index = 0;
        foreach (var names in rules)
        {
            foreach (var name in names)
            {
                if (name == error ||
                    (!terminal && name == StatesErrors.All) ||
                    (!terminal && name == StatesErrors.TaskFailed && error != StatesErrors.Timeout && error != StatesErrors.HeartbeatTimeout))
                {
                    return index;
                }
            }

            index++;
        }

        return -1;
    }

    /// <summary>IntervalSeconds × BackoffRate^retry, capped by MaxDelaySeconds; FULL jitter draws uniformly from [0, that].</summary>
    internal static TimeSpan RetryDelay(Retrier retrier, int retriesSoFar)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, retriesSoFar);
        if (retrier.MaxDelaySeconds is { } max)
        {
            seconds = Math.Min(seconds, max);
        }

        if (retrier.JitterStrategy == "FULL")
        {
            seconds *= RandomNumberGenerator.GetInt32(0, 1_000_001) / 1_000_000.0;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// The work, unless <paramref name="timeoutSeconds"/> pass first (<c>States.Timeout</c>). Work that has completed when
    /// it returns needs no timer: the race would pick it anyway.
    /// </summary>
    public async ValueTask<T> WithTimeoutAsync<T>(Func<CancellationToken, ValueTask<T>> invoke, int? timeoutSeconds, CancellationToken ct)
    {
        if (timeoutSeconds is null)
        {
            return await invoke(ct);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = invoke(cts.Token);
        if (work.IsCompleted)
        {
            return await work;
        }

        var workTask = work.AsTask();
        var timeoutTask = clock.TimeoutAsync(TimeSpan.FromSeconds(timeoutSeconds.Value), cts.Token);
        if (await Task.WhenAny(workTask, timeoutTask) == workTask)
        {
            await cts.CancelAsync();
            return await workTask;
        }

        ct.ThrowIfCancellationRequested();
        await cts.CancelAsync();
        _ = workTask.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        throw new StatesException(StatesErrors.Timeout, "The task did not complete within its TimeoutSeconds.");
    }
}
