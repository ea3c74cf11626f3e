using Fulfilment.Contracts.Errors;

namespace Fulfilment.Lambda.Internal;

/// <summary>Maps failures to the <c>errorType</c> the workflow matches: the named error, else the exception type name.</summary>
internal static class LambdaErrors
{
    /// <summary>
    /// The error for a failure. A cancellation is the timeout when the invocation's deadline token fired, even if its
    /// timer ran a moment ahead of the wall clock <see cref="ILambdaContext.RemainingTime"/> reads, or the deadline passed.
    /// </summary>
    public static LambdaError FromException(Exception exception, ILambdaContext context, CancellationToken deadline)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        if (exception is OperationCanceledException && (deadline.IsCancellationRequested || context.RemainingTime <= TimeSpan.Zero))
        {
            return Timeout(context);
        }

        var errorType = exception is NamedErrorException named ? named.ErrorName : exception.GetType().Name;
        return new LambdaError(errorType, exception.Message, StackLines(exception));
    }

    public static LambdaError InvalidInput(string message, Exception? exception) =>
        new(LambdaErrorTypes.InvalidInput, message, exception is null ? [] : StackLines(exception));

    public static LambdaError Timeout(ILambdaContext context) =>
        new(LambdaErrorTypes.Timeout, $"Invocation {context.AwsRequestId} timed out: its deadline {context.Deadline:O} passed before the handler finished.", []);

    private static string[] StackLines(Exception exception) =>
        exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
