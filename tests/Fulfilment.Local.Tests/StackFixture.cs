using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>The whole local stack, in memory, on free loopback ports, with the functions in-process (one per test run).</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private readonly List<string> _log = [];

    public LocalStack Stack { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

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
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Stack.DisposeAsync();
    }

    public async Task<string> PostOrderAsync(string sku, int quantity, string paymentToken = "tok_ok", string? idempotencyKey = null)
    {
        var body = $$"""{"customerId":"cust-e2e","lines":[{"sku":"{{sku}}","quantity":{{quantity}},"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"{{paymentToken}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
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

    /// <summary>The OrderStatusChanged events of one order from the events file, in file order.</summary>
    public async Task<IReadOnlyList<JsonElement>> EventsOfAsync(string orderId, int atLeast, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var events = new List<JsonElement>();
            if (File.Exists(Stack.EventsFile))
            {
                foreach (var line in await File.ReadAllLinesAsync(Stack.EventsFile))
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    using var document = JsonDocument.Parse(line);
                    var detail = document.RootElement.GetProperty("detail");
                    if (detail.GetProperty("orderId").GetString() == orderId)
                    {
                        events.Add(detail.Clone());
                    }
                }
            }

            if (events.Count >= atLeast || DateTimeOffset.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(200);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
