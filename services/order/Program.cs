using Amazon.DynamoDBv2;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Order;
using Fulfilment.Storage;

// Configuration comes from the function's environment (CDK, or the local stack): table and state machine names,
// and the standard AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials chain).
return await Fulfilment.Lambda.LambdaHost.RunAsync(registry =>
{
    var tableName = Environment.GetEnvironmentVariable("ORDERS_TABLE_NAME") ?? FulfilmentTables.Orders.Name;
    var stateMachineArn = Environment.GetEnvironmentVariable("STATE_MACHINE_ARN")
        ?? throw new InvalidOperationException("STATE_MACHINE_ARN is not set: the intake handler cannot start the order-fulfilment workflow.");
    var dynamo = new AmazonDynamoDBClient();
    var orders = new OrderRepository(dynamo, tableName, TimeProvider.System);
    var workflow = new StepFunctionsWorkflowStarter(new StepFunctionsClient(new AwsClientConfig()), stateMachineArn);
    OrderFunction.Register(registry, new OrderIntakeService(orders, workflow), new OrderStatusFunction(orders));
});
