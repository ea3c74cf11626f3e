using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;

namespace Fulfilment.Ops.Tests;

/// <summary>The whole local stack, in memory, on free loopback ports, functions in-process: one for every test class of the collection.</summary>
public sealed class OpsStackFixture : IAsyncLifetime
{
    private readonly List<string> _log = [];

    public LocalStack Stack { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>A Step Functions client on the edge, for test setup and checks that are not the CLI's job.</summary>
    public StepFunctionsClient StepFunctions { get; private set; } = null!;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Stack = await LocalStack.StartAsync(
            new LocalStackOptions { ApiPort = 0, EdgePort = 0, InMemory = true, Functions = FunctionMode.InProcess, QueueVisibilityTimeout = TimeSpan.FromSeconds(2) },
            line =>
            {
                lock (_log)
                {
                    _log.Add(line);
                }
            },
            timeout.Token);
        Http = new HttpClient { BaseAddress = Stack.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-api-key", Stack.Options.ApiKey);
        StepFunctions = new StepFunctionsClient(new AwsClientConfig
        {
            ServiceUrl = Stack.EdgeUrl,
            Region = "us-east-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("local", "local"),
        });
    }

    public async Task DisposeAsync()
    {
        StepFunctions.Dispose();
        Http.Dispose();
        await Stack.DisposeAsync();
    }

    /// <summary>Runs `fulfil` in-process against this stack (endpoint, region and API set, no ambient AWS settings).</summary>
    public Task<FulfilResult> FulfilAsync(params string[] args) =>
        FulfilRunner.RunAsync(
            [.. args, "--endpoint-url", Stack.EdgeUrl.ToString()],
            name => name switch
            {
                "FULFILMENT_API_URL" => Stack.ApiUrl.ToString(),
                "FULFILMENT_API_KEY" => Stack.Options.ApiKey,
                _ => null,
            });

    public async Task<string> PostOrderAsync(string sku, int quantity, string paymentToken = "tok_ok")
    {
        var body = $$"""{"customerId":"cust-ops","lines":[{"sku":"{{sku}}","quantity":{{quantity}},"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"{{paymentToken}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /orders answered {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.OrderAccepted)!.OrderId;
    }

    /// <summary>Polls GET /orders/{id} until the order reaches a terminal status or the deadline passes.</summary>
    public async Task<OrderStatusView> WaitForTerminalAsync(string orderId, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromMinutes(2));
        OrderStatusView? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await Http.GetAsync($"/orders/{orderId}");
            if (response.IsSuccessStatusCode)
            {
                last = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderStatusView)!;
                if (OrderStatuses.IsTerminal(last.Status))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Order {orderId} did not reach a terminal status; last seen {last?.Status.ToString() ?? "nothing"}.\n{string.Join('\n', Log.TakeLast(40))}");
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }
}

[CollectionDefinition(Name)]
public sealed class OpsStackCollection : ICollectionFixture<OpsStackFixture>
{
    public const string Name = "ops-stack";
}
