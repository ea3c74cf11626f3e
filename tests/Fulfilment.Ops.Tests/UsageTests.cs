using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops.Tests;

/// <summary>Bad arguments: exit 2, a clear message on stderr, nothing on stdout, nothing called.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "executions", "list", "--status", "BROKEN" }, "'BROKEN' not recognized")]
    [InlineData(new[] { "executions", "list", "--since", "yesterday" }, "--since 'yesterday' is neither a duration")]
    [InlineData(new[] { "executions", "redrive", "--max-concurrency", "0", "--all-failed" }, "--max-concurrency must be a whole number from 1 to 64")]
    [InlineData(new[] { "orders", "submit" }, "--count")]
    [InlineData(new[] { "stock", "add", "SKU-X", "0" }, "quantity must be a whole number from 1")]
    [InlineData(new[] { "dlq", "redrive", "--method", "Teleport" }, "Teleport")]
    [InlineData(new[] { "no-such-command" }, "Unrecognized command or argument 'no-such-command'")]
    public async Task RunAsync_WhenArgumentsAreBad_ShouldExitTwoWithTheReasonOnStderr(string[] args, string reason)
    {
        var result = await FulfilRunner.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.Usage && result.Error.Contains(reason, StringComparison.Ordinal) && result.Out.Length == 0, result.ToString());
    }

    [Theory]
    [InlineData("executions redrive")]
    [InlineData("executions redrive ID-1 --all-failed")]
    [InlineData("executions redrive ID-1 --error CompensationFailed")]
    [InlineData("executions redrive --all-failed --status SUCCEEDED")]
    public async Task RunAsync_WhenRedriveSelectionIsContradictory_ShouldExitTwoBeforeCallingAws(string commandLine)
    {
        // No endpoint is reachable at port 1: exit 2 (not 1) proves the check ran before any call.
        var result = await FulfilRunner.RunAsync([.. commandLine.Split(' '), "--endpoint-url", "http://127.0.0.1:1"]);

        Assert.True(result.ExitCode == ExitCodes.Usage && result.Error.StartsWith("fulfil: ", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task RunAsync_WhenHelpIsAsked_ShouldListTheCommandsAndExitZero()
    {
        var result = await FulfilRunner.RunAsync(["--help"]);

        Assert.True(result.ExitCode == ExitCodes.Ok && new[] { "executions", "dlq", "orders", "stock", "events" }.All(c => result.Out.Contains(c, StringComparison.Ordinal)), result.ToString());
    }

    [Fact]
    public async Task RunAsync_WhenEndpointIsDown_ShouldExitOneAndSayWhatToCheck()
    {
        var result = await FulfilRunner.RunAsync(["stock", "list", "--endpoint-url", "http://127.0.0.1:1"]);

        Assert.True(result.ExitCode == ExitCodes.Failure && result.Error.Contains("fulfil: ", StringComparison.Ordinal), result.ToString());
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1.5d", 129600)]
    public void TryDuration_WhenGivenAUnitSuffix_ShouldParseIt(string text, double seconds)
    {
        Assert.True(Parsers.TryDuration(text, out var duration) && duration.TotalSeconds == seconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("-2h")]
    [InlineData("2w")]
    [InlineData("0m")]
    public void TryDuration_WhenNotAPositiveDuration_ShouldRefuse(string text)
    {
        Assert.False(Parsers.TryDuration(text, out _));
    }
}
