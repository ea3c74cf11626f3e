using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>`orders submit|show` over the HTTP API and `events tail` over the events file of the local stack.</summary>
[Collection(OpsStackCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OrdersAndEventsTests(OpsStackFixture stack)
{
    [Fact]
    public async Task Submit_WhenWaiting_ShouldCountEveryOrderByItsTerminalStatus()
    {
        var result = await stack.FulfilAsync("orders", "submit", "--count", "4", "--rate", "20", "--sku", "SKU-TEA-SENCHA", "--wait", "--json");

        var summary = result.Json();
        Assert.True(
            result.ExitCode == ExitCodes.Ok && summary.GetProperty("accepted").GetInt32() == 4
            && summary.GetProperty("finalStatuses").GetProperty("Completed").GetInt32() == 4,
            result.ToString());
    }

    [Fact]
    public async Task Submit_WhenApiKeyIsWrong_ShouldReportTheRejectionsAndExitOne()
    {
        var result = await stack.FulfilAsync("orders", "submit", "--count", "2", "--api-key", "not-a-key", "--json");

        Assert.True(result.ExitCode == ExitCodes.Failure && result.Json().GetProperty("accepted").GetInt32() == 0, result.ToString());
    }

    [Fact]
    public async Task Show_WhenOrderCompleted_ShouldPrintItsStatusAndHistory()
    {
        var order = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1);
        await stack.WaitForTerminalAsync(order);

        var json = await stack.FulfilAsync("orders", "show", order, "--json");
        var table = await stack.FulfilAsync("orders", "show", order);

        Assert.True(
            json.Json().GetProperty("status").GetString() == "Completed" && table.Out.Contains("Completed", StringComparison.Ordinal) && table.Out.Contains(order, StringComparison.Ordinal),
            $"{json}\n{table}");
    }

    [Fact]
    public async Task Show_WhenOrderIsUnknown_ShouldExitOne()
    {
        var result = await stack.FulfilAsync("orders", "show", OrderIds.New());

        Assert.True(result.ExitCode == ExitCodes.Failure && result.Error.Contains("No order", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task Tail_WhenPatternGiven_ShouldPrintOnlyMatchingEvents()
    {
        var order = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1);
        await stack.WaitForTerminalAsync(order);
        var pattern = Path.Combine(Path.GetTempPath(), $"fulfil-pattern-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(pattern, """{"detail-type":["OrderStatusChanged"],"detail":{"status":["Completed"]}}""");
        try
        {
            // The Completed event may land in the file a moment after the API shows the status.
            FulfilResult result = null!;
            var seen = await OpsStackFixture.EventuallyAsync(
                async () =>
                {
                    result = await stack.FulfilAsync("events", "tail", "--file", stack.Stack.EventsFile, "--from-start", "--no-follow", "--pattern", pattern, "--json");
                    return result.Out.Contains(order, StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(30));

            var statuses = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("detail").GetProperty("status").GetString()).ToHashSet();
            Assert.True(seen && statuses.SetEquals(["Completed"]), result.ToString());
        }
        finally
        {
            File.Delete(pattern);
        }
    }

    [Fact]
    public async Task Tail_WhenFollowingNewEvents_ShouldPrintAnEventWrittenAfterItStarted()
    {
        var tail = stack.FulfilAsync("events", "tail", "--file", stack.Stack.EventsFile, "--max-events", "1", "--timeout", "90s");
        await Task.Delay(500);

        var order = await stack.PostOrderAsync("SKU-TEA-SENCHA", 1);
        var result = await tail;

        Assert.True(result.ExitCode == ExitCodes.Ok && result.Out.Contains(order, StringComparison.Ordinal), result.ToString());
    }
}
