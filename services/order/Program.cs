using Fulfilment.Lambda;
using Fulfilment.Order;

// Configuration comes from the function's environment (CDK, or the local stack): table and state machine names,
// and the standard AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials chain).
return await LambdaHost.RunAsync(registry => OrderFunction.Configure(registry, Environment.GetEnvironmentVariable));
