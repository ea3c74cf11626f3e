using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Fulfilment.Local.Edge;
using Fulfilment.Local.PaymentProcessor;
using Fulfilment.Payment.Provider;

namespace Fulfilment.Payment.Tests;

/// <summary>
/// The processor's key read at run time through Parameter Store's Secrets Manager reference, with the official SDK
/// client, against the local edge (which answers that path from its secrets, as AWS answers it from Secrets Manager).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ParameterStorePaymentProviderKeyTests : IAsyncLifetime
{
    private const string SecretName = "fulfilment/payment-provider-api-key";
    private const string Parameter = ParameterStorePaymentProviderKey.SecretsManagerReferencePrefix + SecretName;

    // Mutable on purpose: a test rotates the secret under the running edge.
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal) { [SecretName] = "key-1" };
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private EdgeServer _edge = null!;
    private AmazonSimpleSystemsManagementClient _ssm = null!;

    public async Task InitializeAsync()
    {
        _edge = await EdgeServer.StartAsync(new EdgeOptions { Port = 0, Secrets = _secrets }, null, null);
        var env = Environment(_edge.Endpoint);
        _ssm = ParameterStoreClients.Create(n => env.GetValueOrDefault(n));
    }

    public async Task DisposeAsync()
    {
        _ssm.Dispose();
        await _edge.DisposeAsync();
    }

    [Fact]
    public async Task GetAsync_WhenTheSecretExists_ShouldReturnItsValue()
    {
        using var key = new ParameterStorePaymentProviderKey(_ssm, Parameter, TimeSpan.FromMinutes(5), _clock);

        Assert.Equal("key-1", await key.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WhenReadAgainWithinTheLifetime_ShouldServeTheCachedKey()
    {
        using var key = new ParameterStorePaymentProviderKey(_ssm, Parameter, TimeSpan.FromMinutes(5), _clock);
        await key.GetAsync(CancellationToken.None);

        _secrets[SecretName] = "key-2";
        _clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal("key-1", await key.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WhenTheLifetimeHasPassed_ShouldReadTheRotatedSecret()
    {
        using var key = new ParameterStorePaymentProviderKey(_ssm, Parameter, TimeSpan.FromMinutes(5), _clock);
        await key.GetAsync(CancellationToken.None);

        _secrets[SecretName] = "key-2";
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("key-2", await key.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WhenInvalidated_ShouldReadTheSecretAgainAtOnce()
    {
        using var key = new ParameterStorePaymentProviderKey(_ssm, Parameter, TimeSpan.FromMinutes(5), _clock);
        await key.GetAsync(CancellationToken.None);

        _secrets[SecretName] = "key-2";
        key.Invalidate();

        Assert.Equal("key-2", await key.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_WhenTheSecretDoesNotExist_ShouldFailNamingTheParameterAndWhatToCreate()
    {
        using var key = new ParameterStorePaymentProviderKey(_ssm, ParameterStorePaymentProviderKey.SecretsManagerReferencePrefix + "no-such-secret", null, _clock);

        var error = await Assert.ThrowsAsync<PaymentProviderKeyException>(async () => await key.GetAsync(CancellationToken.None));

        Assert.Contains("/aws/reference/secretsmanager/no-such-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenParameterStoreCannotBeReached_ShouldFailSayingSo()
    {
        using var unreachable = new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials("local", "local"), new AmazonSimpleSystemsManagementConfig
        {
            ServiceURL = $"http://127.0.0.1:{UnusedPort()}", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
        using var key = new ParameterStorePaymentProviderKey(unreachable, Parameter, null, _clock);

        var error = await Assert.ThrowsAsync<PaymentProviderKeyException>(async () => await key.GetAsync(CancellationToken.None));

        Assert.StartsWith("Parameter Store could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChargeAsync_WhenTheProcessorRefusesARotatedKey_ShouldReadTheNewKeyForTheNextCall()
    {
        await using var processor = await FakePaymentProcessor.StartAsync(new FakePaymentProcessorOptions { ApiKey = "key-2" }, CancellationToken.None);
        using var http = HttpPaymentProvider.CreateHttpClient();
        using var key = new ParameterStorePaymentProviderKey(_ssm, Parameter, TimeSpan.FromMinutes(5), _clock);
        var provider = new HttpPaymentProvider(http, new PaymentProviderOptions(processor.BaseAddress, key));
        await Assert.ThrowsAsync<PaymentProviderRejectedException>(() => provider.ChargeAsync(Request(), CancellationToken.None));

        _secrets[SecretName] = "key-2";
        var outcome = await provider.ChargeAsync(Request(), CancellationToken.None);

        Assert.NotNull(outcome.ChargeId);
    }

    [Fact]
    public void FromEnvironment_WhenBothTheKeyAndItsParameterAreSet_ShouldRefuse()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [PaymentProviderOptions.UrlVariable] = "http://127.0.0.1:1/",
            [PaymentProviderOptions.ApiKeyVariable] = "key-1",
            [PaymentProviderOptions.ApiKeyParameterVariable] = Parameter,
        };

        var error = Assert.Throws<InvalidOperationException>(() => PaymentProviderOptions.FromEnvironment(n => env.GetValueOrDefault(n)));

        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_WhenNeitherIsSet_ShouldNameBothVariables()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PaymentProviderOptions.FromEnvironment(n => n == PaymentProviderOptions.UrlVariable ? "http://127.0.0.1:1/" : null));

        Assert.Equal(
            (true, true),
            (error.Message.Contains(PaymentProviderOptions.ApiKeyParameterVariable, StringComparison.Ordinal), error.Message.Contains(PaymentProviderOptions.ApiKeyVariable + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FromEnvironment_WhenTheParameterIsSet_ShouldReadTheKeyThroughTheEndpointOfTheEnvironment()
    {
        var env = Environment(_edge.Endpoint);
        env[PaymentProviderOptions.UrlVariable] = "http://127.0.0.1:1/";
        env[PaymentProviderOptions.ApiKeyParameterVariable] = Parameter;

        var options = PaymentProviderOptions.FromEnvironment(n => env.GetValueOrDefault(n));

        Assert.Equal("key-1", await options.Key.GetAsync(CancellationToken.None));
    }

    private static Dictionary<string, string?> Environment(Uri endpoint) => new(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/'),
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ACCESS_KEY_ID"] = "local",
        ["AWS_SECRET_ACCESS_KEY"] = "local",
    };

    private static ProviderChargeRequest Request()
    {
        var orderId = Fulfilment.Contracts.Orders.OrderIds.New();
        return new ProviderChargeRequest(orderId, 3499, "EUR", "tok_ok", PaymentIdempotencyKeys.Charge(orderId));
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
