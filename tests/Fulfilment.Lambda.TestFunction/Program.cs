using Fulfilment.Contracts.Errors;
using Fulfilment.Lambda;
using Fulfilment.Lambda.TestFunction;

// Handlers that exercise each behaviour of the runtime; _HANDLER picks one, as in a service.
return await LambdaHost.RunAsync(registry =>
{
    if (Environment.GetEnvironmentVariable("TEST_FUNCTION_FAIL_INIT") is { Length: > 0 } reason)
    {
        throw new InvalidOperationException(reason);
    }

    var json = TestFunctionJsonContext.Default;
    registry
        .Add("echo", json.EchoRequest, json.EchoResponse, (request, context, _) =>
        {
            context.Logger.Info("echo", new Dictionary<string, object?> { ["orderId"] = request.OrderId, ["correlationId"] = request.CorrelationId });
            return Task.FromResult(new EchoResponse(
                request.Message,
                context.AwsRequestId,
                context.InvokedFunctionArn,
                Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
                (long)context.RemainingTime.TotalMilliseconds));
        })
        .Add("fail", json.FailRequest, json.EchoResponse, (request, _, _) =>
            request.ErrorName is { } name
                ? throw new NamedErrorException(name, request.Message)
                : throw new InvalidOperationException(request.Message))
        .Add("sleep", json.SleepRequest, json.EchoResponse, async (request, context, ct) =>
        {
            // Tests wait for this line to know the invocation is in flight (e.g. before sending SIGTERM).
            context.Logger.Info("sleeping", new Dictionary<string, object?> { ["milliseconds"] = request.Milliseconds });

            // Honours the deadline token when asked to, ignores it otherwise (a hung handler).
            await Task.Delay(request.Milliseconds, request.IgnoreDeadline ? CancellationToken.None : ct);
            return new EchoResponse("slept", context.AwsRequestId, context.InvokedFunctionArn, null, (long)context.RemainingTime.TotalMilliseconds);
        });
});
