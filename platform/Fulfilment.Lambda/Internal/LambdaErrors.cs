using Fulfilment.Contracts.Errors;

namespace Fulfilment.Lambda.Internal;

/// <summary>Maps failures to the <c>errorType</c> the workflow matches: the named error, else the exception type name.</summary>
internal static class LambdaErrors
{
    public static LambdaError FromException(Exception exception, ILambdaContext context)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        if (exception is OperationCanceledException && context.RemainingTime <= TimeSpan.Zero)
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
