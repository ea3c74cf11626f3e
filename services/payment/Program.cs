using Fulfilment.Lambda;
using Fulfilment.Payment.Hosting;

// One process serves many invocations: clients and the resilience pipeline are built once at init.
return await LambdaHost.RunAsync(registry => PaymentFunction.Configure(registry, Environment.GetEnvironmentVariable));
