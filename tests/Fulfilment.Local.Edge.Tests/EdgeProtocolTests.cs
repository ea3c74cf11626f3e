using System.Net;
using System.Text;
using System.Text.Json;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>What the edge answers to requests that are unsigned, malformed or for operations it does not serve.</summary>
[Collection(EdgeCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EdgeProtocolTests(EdgeFixture edge)
{
    [Fact]
    public async Task Post_WhenAuthorizationMissing_ShouldAnswerMissingAuthenticationToken()
    {
        var (status, type) = await PostAsync("AWSEvents.ListEventBuses", "{}", authorization: null);
        (status, type).ShouldBe((HttpStatusCode.BadRequest, "MissingAuthenticationTokenException"));
    }

    [Fact]
    public async Task Post_WhenAuthorizationMalformed_ShouldAnswerIncompleteSignature()
    {
        var (status, type) = await PostAsync("AWSEvents.ListEventBuses", "{}", authorization: "AWS4-HMAC-SHA256 Signature=abc");
        (status, type).ShouldBe((HttpStatusCode.BadRequest, "IncompleteSignatureException"));
    }

    [Fact]
    public async Task Post_WhenTargetUnknown_ShouldAnswerUnknownOperation()
    {
        var (_, type) = await PostAsync("AWSNothing.DoIt", "{}", Signed);
        type.ShouldBe("UnknownOperationException");
    }

    [Fact]
    public async Task Post_WhenBodyIsNotJson_ShouldAnswerSerializationException()
    {
        var (_, type) = await PostAsync("AWSEvents.PutRule", "{not json", Signed);
        type.ShouldBe("SerializationException");
    }

    [Fact]
    public async Task Post_WhenSignedWithAnySignature_ShouldBeAccepted()
    {
        var (status, _) = await PostAsync("AWSEvents.ListEventBuses", "{}", Signed);
        status.ShouldBe(HttpStatusCode.OK);
    }

    private const string Signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    private async Task<(HttpStatusCode Status, string? Type)> PostAsync(string target, string body, string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, edge.Endpoint);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.GetProperty("__type").GetString());
    }
}
