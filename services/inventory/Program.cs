using Fulfilment.Inventory.Hosting;
using Fulfilment.Lambda;

// One process serves many invocations: the DynamoDB client and the service are built once at init.
// The client reads region, credentials and AWS_ENDPOINT_URL (local stack) from the standard AWS settings.
return await LambdaHost.RunAsync(registry => InventoryFunction.Configure(registry, Environment.GetEnvironmentVariable));
