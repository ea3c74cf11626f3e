using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;
using Fulfilment.Local.Host;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Fulfilment.Local.Tests;

/// <summary>
/// One order posted with a W3C traceparent, followed through the whole in-process stack: the same trace id in the
/// execution input, every OrderStatusChanged event, the functions' log lines and the exported spans (docs/tracing.md).
/// </summary>
[Collection(StackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TracingTests(StackFixture stack, TracingTests.TracedOrder traced) : IClassFixture<TracingTests.TracedOrder>
{
    [Fact]
    public async Task PostOrder_WhenTraceparentGiven_ShouldPutThePostSpanInTheExecutionInput()
    {
        var run = await traced.RunAsync(stack);

        Assert.Equal($"00-{run.TraceId}-{run.Span("POST /orders").SpanId.ToHexString()}-01", run.ExecutionTraceparent);
    }

    [Fact]
    public async Task PostOrder_WhenTraceparentGiven_ShouldCarryItInEveryEvent()
    {
        var run = await traced.RunAsync(stack);

        Assert.Equal(
            ["Completed", "InventoryReserved", "PaymentCaptured", "Received"],
            run.Events.Where(e => (string?)e["traceparent"] == run.ExecutionTraceparent).Select(e => (string)e["status"]!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PostOrder_WhenTraceparentGiven_ShouldStampItsTraceOnTheFunctionsLogLines()
    {
        var run = await traced.RunAsync(stack);

        string[] functions = ["fulfilment-order-intake", "fulfilment-payment-charge", "fulfilment-notification-notify"];
        Assert.All(functions, f => Assert.Contains(run.LogLines, l =>
            l.Contains($"[{f}]", StringComparison.Ordinal) && l.Contains($"traceId={run.TraceId}", StringComparison.Ordinal)
            && l.Contains("spanId=", StringComparison.Ordinal) && l.Contains("correlationId=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PostOrder_WhenTraceparentGiven_ShouldMakeThePostSpanAChildOfTheCaller()
    {
        var run = await traced.RunAsync(stack);

        Assert.Equal((ActivityKind.Server, TracedOrder.CallerSpanId), (run.Span("POST /orders").Kind, run.Span("POST /orders").ParentSpanId.ToHexString()));
    }

    [Fact]
    public async Task PostOrder_WhenTraceparentGiven_ShouldExportIntakeAndEveryStepAsChildrenOfThePost()
    {
        var run = await traced.RunAsync(stack);

        var post = run.Span("POST /orders").SpanId;
        string[] hops = ["intake", "reserve", "charge", "notify"];
        Assert.Equal(hops.Select(h => (h, post)), hops.Select(h => (h, run.Span(h).ParentSpanId)));
    }

    /// <summary>Posts the order once for the class, with an in-memory exporter listening, and keeps what it saw.</summary>
    public sealed class TracedOrder : IDisposable
    {
        public const string CallerSpanId = "00f067aa0ba902b7";

        private readonly SemaphoreSlim _once = new(1, 1);
        private readonly LockedList _spans = new();
        private TracerProvider? _provider;
        private Run? _run;

        public async Task<Run> RunAsync(StackFixture stack)
        {
            await _once.WaitAsync();
            try
            {
                return _run ??= await PostAndFollowAsync(stack);
            }
            finally
            {
                _once.Release();
            }
        }

        public void Dispose()
        {
            _provider?.Dispose();
            _once.Dispose();
        }

        private async Task<Run> PostAndFollowAsync(StackFixture stack)
        {
            _provider = Sdk.CreateTracerProviderBuilder().AddSource(LocalStack.ActivitySources).AddInMemoryExporter(_spans).Build();
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            var orderId = await PostAsync(stack, $"00-{traceId}-{CallerSpanId}-01");
            await stack.WaitForTerminalAsync(orderId);

            // Spans are exported when they end; notify's ends just after its answer: poll, with a deadline.
            string[] wanted = ["POST /orders", "intake", "reserve", "charge", "notify"];
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
            var spans = _spans.Of(traceId);
            while (!wanted.All(w => spans.Any(s => s.DisplayName == w)) && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
                spans = _spans.Of(traceId);
            }

            var events = await stack.EventsOfAsync(orderId, atLeast: 4);
            var arn = FunctionCatalogue.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + orderId;
            var input = JsonNode.Parse((await stack.Stack.Engine.DescribeExecutionAsync(arn)).Input ?? "{}")!;
            return new Run(traceId, (string?)input["traceparent"], [.. events.Select(e => JsonNode.Parse(e.GetRawText())!)], spans, stack.Log);
        }

        private static async Task<string> PostAsync(StackFixture stack, string traceparent)
        {
            const string body = """{"customerId":"cust-trace","lines":[{"sku":"SKU-TEA-SENCHA","quantity":1,"unitPriceMinor":1250}],"currency":"EUR","paymentToken":"tok_ok"}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("traceparent", traceparent);
            using var response = await stack.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST /orders answered {(int)response.StatusCode}: {text}");
            return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.OrderAccepted)!.OrderId;
        }
    }

    /// <summary>What one traced order left behind.</summary>
    public sealed record Run(string TraceId, string? ExecutionTraceparent, IReadOnlyList<JsonNode> Events, IReadOnlyList<Activity> Spans, IReadOnlyList<string> LogLines)
    {
        public Activity Span(string name) =>
            Spans.FirstOrDefault(s => s.DisplayName == name) ?? throw new Xunit.Sdk.XunitException($"No span '{name}' in trace {TraceId}; exported: {string.Join(", ", Spans.Select(s => s.DisplayName))}.");
    }

    /// <summary>The exporter's target: it adds from the functions' threads while the test reads.</summary>
    private sealed class LockedList : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<Activity> Of(string traceId)
        {
            lock (_lock)
            {
                return [.. _items.Where(a => a.TraceId.ToHexString() == traceId)];
            }
        }

        public void Add(Activity item)
        {
            lock (_lock)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (_lock)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (_lock)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (_lock)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (_lock)
            {
                return _items.ToList().GetEnumerator();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
