using Amazon.Runtime;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Lambda;
using Fulfilment.Lambda.Events;
using Fulfilment.Storage;

namespace Fulfilment.Order;

/// <summary>Wires the order service's handlers (<c>intake</c>, <c>status</c>) into the Lambda runtime.</summary>
public static class OrderFunction
{
    /// <summary>The handler names, as <c>_HANDLER</c> (the image's CMD) selects them.</summary>
    public static IReadOnlyList<string> Handlers { get; } = ["intake", "status"];

    /// <summary>Environment variable naming the orders table (default <c>fulfilment-orders</c>).</summary>
    public const string TableNameVariable = "ORDERS_TABLE_NAME";

    /// <summary>Environment variable holding the ARN of the <c>order-fulfilment</c> state machine.</summary>
    public const string StateMachineArnVariable = "STATE_MACHINE_ARN";

    /// <summary>
    /// The composition root: builds the clients and services from a function's environment and registers the handlers.
    /// Used by Program.cs (the process environment) and by the local stack's in-process mode (a per-function lookup).
    /// </summary>
    public static LambdaHandlerRegistry Configure(LambdaHandlerRegistry registry, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var tableName = environment(TableNameVariable) ?? FulfilmentTables.Orders.Name;
        var stateMachineArn = environment(StateMachineArnVariable)
            ?? throw new InvalidOperationException($"{StateMachineArnVariable} is not set: the intake handler cannot start the order-fulfilment workflow.");
        var orders = new OrderRepository(DynamoDbClients.Create(environment), tableName, TimeProvider.System);
        var workflow = new StepFunctionsWorkflowStarter(new StepFunctionsClient(StepFunctionsConfig(environment)), stateMachineArn);
        return Register(registry, new OrderIntakeService(orders, workflow), new OrderStatusFunction(orders));
    }

    /// <summary>Registers both handlers over the given services.</summary>
    public static LambdaHandlerRegistry Register(LambdaHandlerRegistry registry, OrderIntakeService intake, OrderStatusFunction status)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(intake);
        ArgumentNullException.ThrowIfNull(status);
        return registry
            .Add("intake", LambdaEventsJsonContext.Default.SQSEvent, LambdaEventsJsonContext.Default.SQSBatchResponse, intake.HandleAsync)
            .Add("status", LambdaEventsJsonContext.Default.APIGatewayProxyRequest, LambdaEventsJsonContext.Default.APIGatewayProxyResponse, status.HandleAsync);
    }

    private static AwsClientConfig StepFunctionsConfig(Func<string, string?> environment)
    {
        var endpoint = environment("AWS_ENDPOINT_URL_SFN") ?? environment("AWS_ENDPOINT_URL");
        var accessKey = environment("AWS_ACCESS_KEY_ID");
        var secretKey = environment("AWS_SECRET_ACCESS_KEY");
        return new AwsClientConfig
        {
            ServiceUrl = string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint),
            Region = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION"),
            Credentials = string.IsNullOrWhiteSpace(accessKey) || string.IsNullOrWhiteSpace(secretKey)
                ? null
                : environment("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(accessKey, secretKey, token) : new BasicAWSCredentials(accessKey, secretKey),
        };
    }
}
