namespace Fulfilment.Local.OpsConsole.Tests;

/// <summary>The console page in headless Debian Chromium, driven by playwright-core (browser/console.spec.mjs).</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture)
{
    /// <summary>Set to 1 to save a screenshot of every view into docs/img/ (how the committed ones were made).</summary>
    public const string ScreenshotsVariable = "FULFILMENT_SCREENSHOTS";

    [Fact]
    public async Task Console_WhenOperatorRedrivesCompensationFailedAfterTheFix_ShouldShowFailureThenSuccess()
    {
        var root = fixture.Stack.RepositoryRoot;
        var driver = Path.Combine(root, "tests", "Fulfilment.Local.Console.Tests", "browser");
        await BrowserTooling.EnsureChromiumAsync(root);
        await BrowserTooling.EnsureNodeModulesAsync(driver);

        // The fix: the card processor is back. The failed execution keeps its history until the browser redrives it.
        fixture.Stack.PaymentProcessor.Faults = Fulfilment.Local.PaymentProcessor.FaultSettings.None;
        var environment = new Dictionary<string, string>
        {
            ["CONSOLE_URL"] = fixture.Stack.ConsoleUrl.ToString(),
            ["FAILED_ORDER"] = fixture.FailedOrderToRedrive,
            ["COMPLETED_ORDER"] = fixture.CompletedOrder,
            ["REJECTED_ORDER"] = fixture.RejectedOrder,
            ["DLQ_MESSAGE_ID"] = fixture.DeadLetterMessageId,
            ["CHROMIUM"] = BrowserTooling.Chromium,
        };
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) == "1")
        {
            environment["SCREENSHOT_DIR"] = Path.Combine(root, "docs", "img");
            Directory.CreateDirectory(environment["SCREENSHOT_DIR"]);
        }

        var (code, output) = await BrowserTooling.RunAsync("node", ["console.spec.mjs"], driver, environment, TimeSpan.FromMinutes(5));

        Assert.True(code == 0, $"console.spec.mjs exited {code}:\n{output}\n--- stack log ---\n{fixture.LogTail}");
    }
}
