using Fulfilment.Lambda;
using Fulfilment.Notification.Hosting;

// Built once per process at init: a missing webhook URL or a broken template fails init, not an invocation.
return await LambdaHost.RunAsync(registry => NotificationFunction.Configure(registry, Environment.GetEnvironmentVariable));
