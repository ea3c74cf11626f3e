using Fulfilment.Aws;
using Fulfilment.Local.Edge.Chaos;
using Fulfilment.Local.Edge.Proxy;
using Fulfilment.Local.Edge.Sqs;
using Fulfilment.Local.Loopback;
using Microsoft.AspNetCore.Http;

namespace Fulfilment.Local.Edge.Dispatch;

/// <summary>Routes one AWS request on its <c>X-Amz-Target</c> after the signature and chaos checks.</summary>
internal sealed class EdgeRequestHandler(
    EdgeOptions options, ReverseProxy proxy, ChaosInjector chaos, JsonOperations? eventBridge, JsonOperations? stepFunctions, JsonOperations? sqsMoves)
{
    private readonly ParameterStoreOperations _parameterStore = new(options.Secrets, options.Region);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (!LoopbackHost.IsLoopback(request.Host))
        {
            // No signature is checked here, so the Host is what keeps a rebinding web page away from every local AWS API.
            await AwsErrorResponse.WriteMisdirectedAsync(context, LoopbackHost.RefusalMessage(request.Host));
            return;
        }

        if (HttpMethods.IsGet(request.Method) && request.Path == "/health")
        {
            await AwsErrorResponse.WriteJsonAsync(context, AwsErrorResponse.Utf8("{\"status\":\"ok\"}"), "application/json");
            return;
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        if (SignatureCheck.Validate(request) is { } authError)
        {
            await AwsErrorResponse.WriteAsync(context, 400, authError.Type, authError.Message);
            return;
        }

        if (target.Length == 0)
        {
            // SQS' older query protocol (Action=...) carries no target header: fauxqs speaks it, so pass it on.
            if (options.SqsEndpoint is not null && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                await proxy.ForwardAsync(context, options.SqsEndpoint, body: null);
                return;
            }

            await AwsErrorResponse.WriteAsync(context, 400, "UnknownOperationException", "Missing X-Amz-Target header: the edge dispatches AWS JSON-protocol requests on it.");
            return;
        }

        var dot = target.IndexOf('.', StringComparison.Ordinal);
        var (service, operation) = dot > 0 ? (target[..dot], target[(dot + 1)..]) : (target, "");

        // Proxied calls stream their body to the emulator; only chaos rules (which look at the request) and the
        // operations served here need it in memory.
        var body = chaos.Enabled ? await ReadBodyAsync(request, context.RequestAborted) : null;
        if (chaos.Enabled && await chaos.TryInjectAsync(context, target, operation, body!))
        {
            return;
        }

        switch (service)
        {
            case "AWSEvents":
                await InvokeAsync(context, eventBridge, operation, body ?? await ReadBodyAsync(request, context.RequestAborted), "application/x-amz-json-1.1");
                return;
            case "AWSStepFunctions":
                await InvokeAsync(context, stepFunctions, operation, body ?? await ReadBodyAsync(request, context.RequestAborted), "application/x-amz-json-1.0");
                return;
            case "DynamoDB_20120810" when options.DynamoDbEndpoint is not null:
                await proxy.ForwardAsync(context, options.DynamoDbEndpoint, body);
                return;
            case "AmazonSQS" when sqsMoves is not null && sqsMoves.TryGet(operation, out _):
                await InvokeAsync(context, sqsMoves, operation, body ?? await ReadBodyAsync(request, context.RequestAborted), "application/x-amz-json-1.0", sqs: true);
                return;
            case "AmazonSQS" when options.SqsEndpoint is not null:
                await proxy.ForwardAsync(context, options.SqsEndpoint, body);
                return;
            case "AmazonSSM":
                await _parameterStore.HandleAsync(context, operation, body ?? await ReadBodyAsync(request, context.RequestAborted));
                return;
            default:
                await AwsErrorResponse.WriteAsync(context, 400, "UnknownOperationException", $"The local edge does not serve '{target}'.");
                return;
        }
    }

    private static async Task InvokeAsync(HttpContext context, JsonOperations? operations, string operation, byte[] body, string contentType, bool sqs = false)
    {
        if (operations is null || !operations.TryGet(operation, out var handler))
        {
            await AwsErrorResponse.WriteAsync(context, 400, sqs ? "com.amazonaws.sqs#InvalidAction" : "UnknownOperationException",
                $"The operation {operation} is not served by the local edge.", sqs ? "InvalidAction;Sender" : null);
            return;
        }

        try
        {
            var response = await handler(body, context.RequestAborted);
            await AwsErrorResponse.WriteJsonAsync(context, response, contentType);
        }
        catch (AwsServiceException ex)
        {
            var name = AwsErrors.WireName(ex);
            var status = name is "InternalException" or "InternalServerException" or "InternalFailure" ? 500 : 400;
            await AwsErrorResponse.WriteAsync(context, status, name, ex.Message);
        }
        catch (SqsEdgeException ex)
        {
            await AwsErrorResponse.WriteAsync(context, 400, "com.amazonaws.sqs#" + ex.ErrorName, ex.Message, $"{ex.QueryCode};Sender");
        }
        catch (EdgeSerializationException ex)
        {
            await AwsErrorResponse.WriteAsync(context, 400, "SerializationException", ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await AwsErrorResponse.WriteAsync(context, 500, sqs ? "com.amazonaws.sqs#InternalError" : "InternalFailure", $"The local edge failed: {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0)
        {
            return [];
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length and < int.MaxValue ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
