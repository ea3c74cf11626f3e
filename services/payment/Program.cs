using Amazon.DynamoDBv2;
using Fulfilment.Lambda;
using Fulfilment.Payment;
using Fulfilment.Payment.Hosting;
using Fulfilment.Payment.Provider;
using Fulfilment.Payment.Resilience;
using Fulfilment.Payment.Storage;

// One process serves many invocations: the HTTP client, the DynamoDB client and the pipeline (with its circuit
// breaker) are built once at init and shared. The provider key comes from the environment and is never logged.
return await LambdaHost.RunAsync(registry =>
{
    var providerOptions = PaymentProviderOptions.FromEnvironment(Environment.GetEnvironmentVariable);
    var provider = new HttpPaymentProvider(HttpPaymentProvider.CreateHttpClient(), providerOptions);
    var store = new PaymentStore(new AmazonDynamoDBClient(), Environment.GetEnvironmentVariable("PAYMENTS_TABLE"));
    var service = new PaymentService(store, provider, new PaymentResilience(new PaymentResilienceOptions()));
    PaymentFunction.Register(registry, service);
});
