using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>
/// The connection relay (emulator calls passed on as bytes) over raw HTTP/1.1: one connection switching services,
/// pipelining, 100-continue, big bodies, emulators that are down or die, and the checks that must still apply.
/// </summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RelayTests(EdgeFixture edge)
{
    private static readonly string ListTables = RawHttp.Request("DynamoDB_20120810.ListTables", "{}");
    private static readonly string ListBuses = RawHttp.Request("AWSEvents.ListEventBuses", "{}");
    private static readonly string GetItem = RawHttp.Request("DynamoDB_20120810.GetItem", """{"TableName":"none","Key":{"pk":{"S":"a"}}}""");

    [Fact]
    public async Task KeepAlive_WhenOneConnectionSwitchesServices_ShouldRelayEmulatorCallsAndServeTheRest()
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);
        var before = edge.Server.RelayedRequests;
        var bodies = new List<string>();
        foreach (var request in new[] { ListTables, ListBuses, CreateQueue(), RawHttp.Request("AmazonSQS.ListMessageMoveTasks", """{"SourceArn":"arn:aws:sqs:us-east-1:000000000000:none"}"""), ListTables })
        {
            await raw.SendAsync(request);
            bodies.Add((await raw.ReadResponseAsync())!.Body);
        }

        (Keys(bodies), edge.Server.RelayedRequests - before).ShouldBe(("TableNames,EventBuses,QueueUrl,Results,TableNames", 3));
    }

    [Fact]
    public async Task SdkCalls_WhenSentToTheEdge_ShouldTakeTheRelay()
    {
        using var sqs = edge.SqsThroughEdge();
        using var dynamo = edge.DynamoThroughEdge();
        var before = edge.Server.RelayedRequests;
        var url = (await sqs.CreateQueueAsync("relay-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        await sqs.SendMessageAsync(url, "hello");
        await dynamo.ListTablesAsync();

        (edge.Server.RelayedRequests - before).ShouldBe(3);
    }

    [Fact]
    public async Task Pipelining_WhenRequestsForDifferentServicesArriveInOneWrite_ShouldAnswerInRequestOrder()
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);
        await raw.SendAsync(ListBuses + ListTables + CreateQueue() + ListBuses + ListTables);

        var bodies = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            bodies.Add((await raw.ReadResponseAsync())!.Body);
        }

        Keys(bodies).ShouldBe("EventBuses,TableNames,QueueUrl,EventBuses,TableNames");
    }

    [Fact]
    public async Task Expect100Continue_WhenClientWaitsBeforeTheBody_ShouldGetContinueThenTheAnswer()
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);
        var request = RawHttp.Request("DynamoDB_20120810.ListTables", "{}", extraHeaders: "Expect: 100-continue\r\n");
        var split = request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        await raw.SendAsync(request[..split]);
        var interim = await raw.ReadResponseAsync(TimeSpan.FromSeconds(20));
        await raw.SendAsync(request[split..]);
        var final = await raw.ReadResponseAsync();

        (interim!.Status, final!.Status, Keys([final.Body])).ShouldBe((100, 200, "TableNames"));
    }

    [Fact]
    public async Task BatchWriteItem_WhenBodyIsOneMegabyteSentInPieces_ShouldStreamToDynamoDb()
    {
        var table = await CreateTableAsync();
        var big = new string('x', 40_000);
        var items = string.Join(',', Enumerable.Range(0, 25).Select(i => "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"k" + i + "\"},\"v\":{\"S\":\"" + big + "\"}}}}"));
        var body = Encoding.UTF8.GetBytes(RawHttp.Request("DynamoDB_20120810.BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":[" + items + "]}}"));
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);
        for (var offset = 0; offset < body.Length; offset += 64 * 1024)
        {
            await raw.SendAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)));
        }

        var response = await raw.ReadResponseAsync();
        using var dynamo = edge.DynamoThroughEdge();
        var item = await dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("k24") });

        (body.Length > 1_000_000, response!.Status, item.Item["v"].S.Length).ShouldBe((true, 200, 40_000));
    }

    [Fact]
    public async Task GetItem_WhenUnsigned_ShouldBeRejectedByTheEdgeNotRelayed()
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);
        var before = edge.Server.RelayedRequests;
        await raw.SendAsync(RawHttp.Request("DynamoDB_20120810.GetItem", """{"TableName":"t","Key":{"pk":{"S":"a"}}}""", withAuthorization: false));
        var response = await raw.ReadResponseAsync();

        (response!.Status, TypeOf(response), edge.Server.RelayedRequests - before).ShouldBe((400, "MissingAuthenticationTokenException", 0));
    }

    [Fact]
    public async Task Chaos_WhenARuleNamesGetItem_ShouldFailGetItemAndStillRelayOtherCalls()
    {
        await using var chaotic = await EdgeServer.StartAsync(
            new EdgeOptions
            {
                Port = 0, DynamoDbEndpoint = new Uri(edge.DynamoDbDirect), SqsEndpoint = edge.SqsDirect,
                Chaos = new ChaosOptions { Rules = [new ChaosRule { Operation = "GetItem", Fault = ChaosFault.ServerError }] },
            },
            edge.Bus);
        await using var raw = await RawHttp.ConnectAsync(chaotic.Endpoint);
        await raw.SendAsync(GetItem + ListTables);
        var faulted = await raw.ReadResponseAsync();
        var passed = await raw.ReadResponseAsync();

        (faulted!.Status, TypeOf(faulted), passed!.Status, chaotic.RelayedRequests).ShouldBe((500, "com.amazonaws.dynamodb.v20120810#InternalServerError", 200, 1L));
    }

    [Fact]
    public async Task GetItem_WhenEmulatorIsDown_ShouldAnswerAws503AndKeepTheConnection()
    {
        await using var down = await EdgeServer.StartAsync(new EdgeOptions { Port = 0, DynamoDbEndpoint = ClosedPort() }, edge.Bus);
        await using var raw = await RawHttp.ConnectAsync(down.Endpoint);
        await raw.SendAsync(GetItem + ListBuses);
        var failed = await raw.ReadResponseAsync();
        var next = await raw.ReadResponseAsync();

        (failed!.Status, TypeOf(failed), next!.Status).ShouldBe((503, "ServiceUnavailable", 200));
    }

    [Fact]
    public async Task GetItem_WhenEmulatorClosesWithoutAnswering_ShouldAnswerAws503AndKeepTheConnection()
    {
        await using var broken = new BrokenEmulator(answer: "");
        await using var dying = await EdgeServer.StartAsync(new EdgeOptions { Port = 0, DynamoDbEndpoint = broken.Endpoint }, edge.Bus);
        await using var raw = await RawHttp.ConnectAsync(dying.Endpoint);
        await raw.SendAsync(GetItem + ListBuses);
        var failed = await raw.ReadResponseAsync();
        var next = await raw.ReadResponseAsync();

        (failed!.Status, TypeOf(failed), next!.Status).ShouldBe((503, "ServiceUnavailable", 200));
    }

    [Fact]
    public async Task GetItem_WhenEmulatorDiesMidResponse_ShouldCloseTheClientConnectionAndServeNewOnes()
    {
        await using var broken = new BrokenEmulator(answer: "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: 100\r\n\r\n{\"Item\":");
        await using var dying = await EdgeServer.StartAsync(new EdgeOptions { Port = 0, DynamoDbEndpoint = broken.Endpoint }, edge.Bus);
        await using var raw = await RawHttp.ConnectAsync(dying.Endpoint);
        await raw.SendAsync(GetItem);
        await Should.ThrowAsync<EndOfStreamException>(() => raw.ReadResponseAsync());

        await using var fresh = await RawHttp.ConnectAsync(dying.Endpoint);
        await fresh.SendAsync(ListBuses);
        (await fresh.ReadResponseAsync())!.Status.ShouldBe(200);
    }

    private static string CreateQueue() => RawHttp.Request("AmazonSQS.CreateQueue", $$"""{"QueueName":"relay-{{Guid.NewGuid():N}}"}""");

    /// <summary>The first property of each JSON answer, which tells the services apart.</summary>
    private static string Keys(IEnumerable<string> bodies) => string.Join(',', bodies.Select(b =>
    {
        using var doc = JsonDocument.Parse(b);
        return doc.RootElement.EnumerateObject().First().Name;
    }));

    private static string? TypeOf(RawResponse response)
    {
        using var doc = JsonDocument.Parse(response.Body);
        return doc.RootElement.GetProperty("__type").GetString();
    }

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private async Task<string> CreateTableAsync()
    {
        using var dynamo = edge.DynamoThroughEdge();
        var table = "relay-" + Guid.NewGuid().ToString("N")[..8];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", "S")], KeySchema = [new KeySchemaElement("pk", "HASH")],
        });
        return table;
    }
}
