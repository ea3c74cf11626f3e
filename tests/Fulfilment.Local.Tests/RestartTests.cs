using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;

namespace Fulfilment.Local.Tests;

/// <summary>
/// Stopping the stack mid-load (what SIGTERM and Ctrl+C do) and starting it again on the same data directory must lose
/// no accepted order: each one reaches a terminal status, and stock is conserved.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RestartTests : IAsyncLifetime
{
    private const string Sku = "SKU-COFFEE-BEANS-1KG";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fulfilment-restart-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<string> _log = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Restart_WhenStoppedMidLoad_ShouldBringEveryAcceptedOrderToATerminalStatus()
    {
        var accepted = new List<string>();
        long initial;
        await using (var first = await StartAsync())
        {
            initial = (await first.Inventory.GetStockAsync(Sku, CancellationToken.None))!.Available;
            using var http = Client(first);
            for (var i = 0; i < 15; i++)
            {
                accepted.Add(await PostAsync(http));
            }
        }

        await using var second = await StartAsync();
        using var again = Client(second);
        var statuses = new List<OrderStatus>();
        foreach (var orderId in accepted)
        {
            statuses.Add(await WaitForTerminalAsync(second, again, orderId));
        }

        var stock = (await second.Inventory.GetStockAsync(Sku, CancellationToken.None))!;
        Assert.Equal(
            (15, initial + 0L),
            (statuses.Count(OrderStatuses.IsTerminal), stock.Available + stock.Reserved + stock.Sold));
    }

    private Task<LocalStack> StartAsync() => LocalStack.StartAsync(
        new LocalStackOptions { ApiPort = 0, EdgePort = 0, DataDirectory = _data, Functions = FunctionMode.InProcess, QueueVisibilityTimeout = TimeSpan.FromSeconds(5) },
        line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        },
        CancellationToken.None);

    private static HttpClient Client(LocalStack stack)
    {
        var http = new HttpClient { BaseAddress = stack.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-api-key", stack.Options.ApiKey);
        return http;
    }

    private static async Task<string> PostAsync(HttpClient http)
    {
        var body = $$"""{"customerId":"cust-restart","lines":[{"sku":"{{Sku}}","quantity":1,"unitPriceMinor":1500}],"currency":"EUR","paymentToken":"tok_ok"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.OrderAccepted))!.OrderId;
    }

    private async Task<OrderStatus> WaitForTerminalAsync(LocalStack stack, HttpClient http, string orderId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        var last = "nothing";
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var response = await http.GetAsync($"/orders/{orderId}");
            if (response.IsSuccessStatusCode)
            {
                var view = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.OrderStatusView)!;
                last = view.Status.ToString();
                if (OrderStatuses.IsTerminal(view.Status))
                {
                    return view.Status;
                }
            }

            await Task.Delay(250);
        }

        string log;
        lock (_log)
        {
            log = string.Join('\n', _log.TakeLast(40));
        }

        throw new TimeoutException($"Order {orderId} did not finish after the restart; last seen {last}.\n{await DescribeExecutionAsync(stack, orderId)}\n{log}");
    }

    /// <summary>What the engine knows about the order's execution: the evidence a stall report needs.</summary>
    private static async Task<string> DescribeExecutionAsync(LocalStack stack, string orderId)
    {
        var arn = $"arn:aws:states:us-east-1:000000000000:execution:{FunctionCatalogue.StateMachineName}:{orderId}";
        try
        {
            var description = await stack.Engine.DescribeExecutionAsync(arn);
            var history = await stack.Engine.GetExecutionHistoryAsync(arn, maxResults: 12, reverseOrder: true, includeExecutionData: false);
            var events = string.Join("\n", history.Items.Reverse().Select(e => $"  #{e.Id} {e.Type} {e.Details?.ToJsonString()}"));
            return $"execution {description.Status} (error {description.Error}); last events:\n{events}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"execution {arn}: {e.GetType().Name}: {e.Message}";
        }
    }
}
