using System.Text;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;
using Xunit;

namespace Fulfilment.Local.Testing;

/// <summary>
/// The whole local stack for one test collection: in memory, on free loopback ports, functions in-process, its log kept
/// for failure messages. Test projects derive from it to seed data or add clients (<see cref="OnStartedAsync"/>).
/// </summary>
public class LocalStackFixture : IAsyncLifetime
{
    private readonly List<string> _log = [];

    public LocalStack Stack { get; private set; } = null!;

    /// <summary>A client for the HTTP API, with the stack's API key.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client for the edge (the AWS APIs and the console).</summary>
    public HttpClient Edge { get; private set; } = null!;

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

    /// <summary>The last 40 log lines, for failure messages.</summary>
    public string LogTail => string.Join('\n', Log.TakeLast(40));

    /// <summary>How long starting the stack and <see cref="OnStartedAsync"/> may take together.</summary>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromMinutes(5);

    /// <summary>The customer id of the orders <see cref="PostOrderAsync"/> posts.</summary>
    protected virtual string CustomerId => "cust-test";

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
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
        Edge = new HttpClient { BaseAddress = Stack.EdgeUrl, Timeout = TimeSpan.FromSeconds(60) };
        await OnStartedAsync(timeout.Token);
    }

    public virtual async Task DisposeAsync()
    {
        Edge?.Dispose();
        Http?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }

    /// <summary>Posts one single-line order and returns its id; fails the test when the API does not accept it.</summary>
    public async Task<string> PostOrderAsync(string sku, int quantity, string paymentToken = "tok_ok", string? idempotencyKey = null, CancellationToken ct = default)
    {
        var body = $$"""{"customerId":"{{CustomerId}}","lines":[{"sku":"{{sku}}","quantity":{{quantity}},"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"{{paymentToken}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
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

        throw new TimeoutException($"Order {orderId} did not reach a terminal status; last seen {last?.Status.ToString() ?? "nothing"}.\n{LogTail}");
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

    /// <summary>Hook for derived fixtures: seed data or create clients once the stack runs.</summary>
    protected virtual Task OnStartedAsync(CancellationToken ct) => Task.CompletedTask;
}
