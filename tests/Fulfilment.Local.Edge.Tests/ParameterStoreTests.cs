using System.Net;
using System.Text;
using System.Text.Json;
using Shouldly;

namespace Fulfilment.Local.Edge.Tests;

/// <summary>
/// <c>AmazonSSM.GetParameter</c> on the edge: Parameter Store's reference to a Secrets Manager secret answers the secret
/// in GetParameter's shape, and every other request gets the error Parameter Store gives for it. (The payment tests read
/// the same path with the official SDK client.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class ParameterStoreTests : IAsyncLifetime
{
    private const string SecretName = "fulfilment/payment-provider-api-key";
    private const string Reference = "/aws/reference/secretsmanager/" + SecretName;
    private const string Signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    private readonly HttpClient _http = new();
    private EdgeServer _edge = null!;

    public async Task InitializeAsync() =>
        _edge = await EdgeServer.StartAsync(new EdgeOptions { Port = 0, Secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [SecretName] = "the-key" } }, null);

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task GetParameter_WhenTheReferenceNamesAKnownSecret_ShouldAnswerItAsASecureString()
    {
        var (status, body) = await PostAsync("AmazonSSM.GetParameter", $$"""{"Name":"{{Reference}}","WithDecryption":true}""");

        status.ShouldBe(HttpStatusCode.OK);
        var parameter = body.GetProperty("Parameter");
        (parameter.GetProperty("Name").GetString(), parameter.GetProperty("Type").GetString(), parameter.GetProperty("Value").GetString())
            .ShouldBe((Reference, "SecureString", "the-key"));
    }

    [Theory]
    [InlineData("""{"Name":"/aws/reference/secretsmanager/fulfilment/payment-provider-api-key"}""", "ValidationException")]
    [InlineData("""{"Name":"/aws/reference/secretsmanager/fulfilment/payment-provider-api-key","WithDecryption":false}""", "ValidationException")]
    [InlineData("""{"Name":"/aws/reference/secretsmanager/someone-else","WithDecryption":true}""", "ParameterNotFound")]
    [InlineData("""{"Name":"/fulfilment/plain-parameter","WithDecryption":true}""", "ParameterNotFound")]
    [InlineData("""{"WithDecryption":true}""", "ValidationException")]
    [InlineData("""{"Name":""", "SerializationException")]
    public async Task GetParameter_WhenTheRequestIsNotAReadableReference_ShouldAnswerParameterStoresError(string request, string error)
    {
        var (status, body) = await PostAsync("AmazonSSM.GetParameter", request);

        (status, body.GetProperty("__type").GetString()).ShouldBe((HttpStatusCode.BadRequest, error));
        body.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task PutParameter_WhenSent_ShouldAnswerThatOnlyGetParameterIsServed()
    {
        var (status, body) = await PostAsync("AmazonSSM.PutParameter", $$"""{"Name":"{{Reference}}","Value":"x"}""");

        (status, body.GetProperty("__type").GetString()).ShouldBe((HttpStatusCode.BadRequest, "UnknownOperationException"));
        body.GetProperty("message").GetString()!.ShouldContain("GetParameter");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string target, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _edge.Endpoint);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", Signed);
        using var response = await _http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
