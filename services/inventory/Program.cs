using Amazon.DynamoDBv2;
using Fulfilment.Inventory;
using Fulfilment.Inventory.Hosting;
using Fulfilment.Lambda;

// One process serves many invocations: the DynamoDB client and the service are built once at init.
// The client reads region, credentials and AWS_ENDPOINT_URL (local stack) from the standard AWS settings.
return await LambdaHost.RunAsync(registry =>
{
    var table = Environment.GetEnvironmentVariable(InventoryOptions.TableNameVariable);
    var options = string.IsNullOrWhiteSpace(table) ? new InventoryOptions() : new InventoryOptions { TableName = table };
    var logger = new LambdaLoggerBridge<InventoryService>(new JsonLambdaLogger(Console.OpenStandardOutput()));
    var service = new InventoryService(new AmazonDynamoDBClient(), options, TimeProvider.System, logger);
    InventoryFunction.Register(registry, service);
});
