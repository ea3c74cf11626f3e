using System.Net;
using System.Text;
using System.Text.Json;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>
/// The edge answers only requests addressed to a loopback name or address (DNS rebinding): on the Kestrel pipeline
/// and on the relay that passes signed DynamoDB and SQS calls to the emulators as bytes.
/// </summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LoopbackHostTests(EdgeFixture edge)
{
    private const string Signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    [Fact]
    public async Task Post_WhenHostIsNotLoopback_ShouldAnswerMisdirectedRequestInTheJsonProtocol()
    {
        using var http = new HttpClient();
        using var request = SignedRequest("AWSEvents.ListEventBuses", "application/x-amz-json-1.1");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        ((int)response.StatusCode, body.RootElement.GetProperty("__type").GetString(), body.RootElement.GetProperty("message").GetString()!.Contains("'attacker.example'", StringComparison.Ordinal))
            .ShouldBe((421, "MisdirectedRequestException", true));
    }

    [Fact]
    public async Task Post_WhenSignedDynamoDbCallHasAnotherHost_ShouldBeRefusedAndNotRelayed()
    {
        var relayedBefore = edge.Server.RelayedRequests;
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);

        await raw.SendAsync(WithHost(RawHttp.Request("DynamoDB_20120810.ListTables", "{}"), $"attacker.example:{edge.Endpoint.Port}"));
        var response = await raw.ReadResponseAsync();

        (response?.Status, response?.Body.Contains("MisdirectedRequestException", StringComparison.Ordinal), edge.Server.RelayedRequests - relayedBefore)
            .ShouldBe((421, true, 0L));
    }

    [Fact]
    public async Task Post_WhenSqsJsonCallHasAnotherHost_ShouldCarryTheQueryErrorCode()
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);

        await raw.SendAsync(WithHost(RawHttp.Request("AmazonSQS.ListQueues", "{}"), "attacker.example"));
        var response = await raw.ReadResponseAsync();

        (response?.Status, response?.Headers.GetValueOrDefault("x-amzn-query-error")).ShouldBe((421, "MisdirectedRequest;Sender"));
    }

    [Fact]
    public async Task Post_WhenSqsQueryProtocolCallHasAnotherHost_ShouldAnswerTheXmlError()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, edge.Endpoint);
        request.Content = new StringContent("Action=ListQueues&Version=2012-11-05", Encoding.UTF8, "application/x-www-form-urlencoded");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", Signed);
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);
        var xml = System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync());

        ((int)response.StatusCode, xml.Name.LocalName, xml.Element("Error")?.Element("Code")?.Value, xml.Element("Error")?.Element("Type")?.Value)
            .ShouldBe((421, "ErrorResponse", "MisdirectedRequest", "Sender"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost")]
    [InlineData("localhost:{port}")]
    [InlineData("LocalHost:{port}")]
    [InlineData("[::1]")]
    [InlineData("[::1]:{port}")]
    [InlineData("127.9.8.7:{port}")]
    [InlineData("edge.localhost:{port}")]
    public async Task Post_WhenHostIsALoopbackNameOrAddress_ShouldServeTheEdgeAndTheRelay(string host)
    {
        var named = host.Replace("{port}", edge.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var relayedBefore = edge.Server.RelayedRequests;
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);

        await raw.SendAsync(WithHost(RawHttp.Request("AWSEvents.ListEventBuses", "{}"), named));
        var served = await raw.ReadResponseAsync();
        await raw.SendAsync(WithHost(RawHttp.Request("DynamoDB_20120810.ListTables", "{}"), named));
        var relayed = await raw.ReadResponseAsync();

        (served?.Status, relayed?.Status, edge.Server.RelayedRequests > relayedBefore).ShouldBe((200, 200, true));
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("localhost.attacker.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("10.0.0.1")]
    [InlineData("[::2]")]
    [InlineData("0.0.0.0")]
    public async Task Post_WhenHostOnlyLooksLikeLoopback_ShouldBeRefused(string host)
    {
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);

        await raw.SendAsync(WithHost(RawHttp.Request("DynamoDB_20120810.ListTables", "{}"), host));
        var response = await raw.ReadResponseAsync();

        response?.Status.ShouldBe(421);
    }

    [Fact]
    public async Task Post_WhenTheRequestHasTwoHostHeaders_ShouldNotBeRelayed()
    {
        var relayedBefore = edge.Server.RelayedRequests;
        await using var raw = await RawHttp.ConnectAsync(edge.Endpoint);

        await raw.SendAsync(WithHost(RawHttp.Request("DynamoDB_20120810.ListTables", "{}"), "127.0.0.1\r\nHost: attacker.example"));
        var response = await raw.ReadResponseAsync();

        (response?.Status, edge.Server.RelayedRequests - relayedBefore).ShouldBe((400, 0L));
    }

    private static string WithHost(string request, string host) => request.Replace("Host: 127.0.0.1\r\n", $"Host: {host}\r\n", StringComparison.Ordinal);

    private HttpRequestMessage SignedRequest(string target, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, edge.Endpoint) { Content = new StringContent("{}", Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", Signed);
        return request;
    }
}
