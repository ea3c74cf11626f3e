using System.Text.Json;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Local.Api;
using Fulfilment.Local.Lambda;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Notification.Hosting;
using Fulfilment.Order;
using Fulfilment.Payment.Hosting;
using Fulfilment.Payment.Provider;
using Fulfilment.Storage;

namespace Fulfilment.Local.Host;

public sealed partial class LocalStack
{
    /// <summary>The environment a function gets: what the CDK app sets in AWS, pointed at the local edge.</summary>
    internal IReadOnlyDictionary<string, string> EnvironmentOf(FunctionSpec spec)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = FunctionCatalogue.Region,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            ["AWS_ENDPOINT_URL"] = EdgeUrl.ToString().TrimEnd('/'),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["ORDERS_TABLE_NAME"] = FulfilmentTables.Orders.Name,
            ["INVENTORY_TABLE_NAME"] = FulfilmentTables.Inventory.Name,
            ["PAYMENTS_TABLE_NAME"] = FulfilmentTables.Payments.Name,
            ["NOTIFICATIONS_TABLE_NAME"] = FulfilmentTables.Notifications.Name,
        };
        switch (spec.Service)
        {
            case "order":
                env[OrderFunction.StateMachineArnVariable] = FunctionCatalogue.StateMachineArn;
                break;
            case "payment":
                env[PaymentProviderOptions.UrlVariable] = PaymentProcessor.BaseAddress.ToString().TrimEnd('/');
                // Not the key itself: where to read it (the edge answers Parameter Store's Secrets Manager reference).
                env[PaymentProviderOptions.ApiKeyParameterVariable] = FunctionCatalogue.PaymentProviderKeyParameter;
                break;
            case "notification":
                env["NOTIFICATION_WEBHOOK_URL"] = Inbox.WebhookUrl.ToString();
                break;
        }

        return env;
    }

    private LocalLambdaFunction Function(FunctionSpec spec)
    {
        var env = EnvironmentOf(spec);
        return new LocalLambdaFunction
        {
            Name = spec.Name,
            Handler = spec.Handler,
            Timeout = spec.Timeout,
            MaxConcurrency = Options.FunctionConcurrency,
            Environment = env,
            Process = Options.Functions == FunctionMode.Process ? LambdaProcessSpec.ForService(spec.Service, RepositoryRoot) : null,
            Registry = Options.Functions == FunctionMode.InProcess ? InProcessRegistry(spec.Service, env) : null,
        };
    }

    private static LambdaHandlerRegistry InProcessRegistry(string service, IReadOnlyDictionary<string, string> env)
    {
        string? Lookup(string name) => env.TryGetValue(name, out var value) ? value : null;
        var registry = new LambdaHandlerRegistry();
        return service switch
        {
            "order" => OrderFunction.Configure(registry, Lookup),
            "inventory" => InventoryFunction.Configure(registry, Lookup),
            "payment" => PaymentFunction.Configure(registry, Lookup),
            "notification" => NotificationFunction.Configure(registry, Lookup),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "No such service."),
        };
    }

    private async Task<APIGatewayProxyResponse> InvokeStatusAsync(APIGatewayProxyRequest request, CancellationToken ct)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, LambdaEventsJsonContext.Default.APIGatewayProxyRequest);
        var result = await Functions.InvokeAsync(FunctionCatalogue.OrderStatus.Name, payload, ct);
        if (result.Response is { } bytes)
        {
            return JsonSerializer.Deserialize(bytes, LambdaEventsJsonContext.Default.APIGatewayProxyResponse)
                ?? new APIGatewayProxyResponse { StatusCode = 502 };
        }

        // What API Gateway answers when the integration fails: 502, here with a problem document naming the error.
        var error = result.Error!;
        return new APIGatewayProxyResponse
        {
            StatusCode = 502,
            Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = Fulfilment.Contracts.Http.Problem.MediaType },
            Body = JsonSerializer.Serialize(
                Fulfilment.Contracts.Http.Problem.Of(502, "status-function-failed", "The status function failed.", $"{error.ErrorType}: {error.ErrorMessage}"),
                Fulfilment.Contracts.Serialization.ContractsJsonContext.Default.Problem),
        };
    }

    private async Task<IReadOnlyList<ComponentHealth>> HealthAsync(CancellationToken ct)
    {
        var parts = new List<ComponentHealth>();
        parts.Add(await ProbeAsync("dynamodb", async () => await Dynamo.ListTablesAsync(new Amazon.DynamoDBv2.Model.ListTablesRequest { Limit = 1 }, ct)));
        parts.Add(await ProbeAsync("sqs", async () => await Sqs.GetQueueAttributesAsync(QueueUrl, ["QueueArn"], ct)));
        parts.Add(await ProbeAsync("stepfunctions", async () => await Engine.DescribeStateMachineAsync(FunctionCatalogue.StateMachineArn, ct)));
        parts.Add(await ProbeAsync("edge", async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri(EdgeUrl, "health"), ct);
        }));
        parts.Add(new ComponentHealth("functions", Functions.FunctionNames.Count == FunctionCatalogue.All.Count, $"{Functions.FunctionNames.Count} of {FunctionCatalogue.All.Count} registered"));
        return parts;
    }

    private static async Task<ComponentHealth> ProbeAsync(string name, Func<Task> probe)
    {
        try
        {
            await probe();
            return new ComponentHealth(name, true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ComponentHealth(name, false, ex.Message);
        }
    }
}
