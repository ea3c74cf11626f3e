using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Fulfilment.Inventory.Tests.Support;

/// <summary>
/// Answers the first <c>failures</c> TransactWriteItems calls with a DynamoDB TransactionCanceledException whose
/// reasons say TransactionConflict (what AWS returns under contention and DynamoDB Local never does), and passes
/// every other request to the real DynamoDB Local.
/// </summary>
public sealed class ConflictInjectingHandler(int failures) : DelegatingHandler(new HttpClientHandler())
{
    private int remaining = failures;
    private int injected;

    public int Injected => Volatile.Read(ref injected);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
        if (target == "DynamoDB_20120810.TransactWriteItems" && Interlocked.Decrement(ref remaining) >= 0)
        {
            Interlocked.Increment(ref injected);
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var actions = body.Split("\"Update\"").Length - 1 + body.Split("\"Put\"").Length - 1;
            var reasons = string.Join(',', Enumerable.Range(0, actions).Select(i => i == 0
                ? """{"Code":"TransactionConflict","Message":"Transaction is ongoing for the item"}"""
                : """{"Code":"None"}"""));
            var json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\"," +
                       "\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]\"," +
                       $"\"CancellationReasons\":[{reasons}]}}";
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
                RequestMessage = request,
            };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Hands the SDK an HttpClient over <see cref="ConflictInjectingHandler"/>.</summary>
public sealed class ConflictInjectingHttpClientFactory(ConflictInjectingHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
