namespace Fulfilment.Cdk.Tests;

/// <summary>
/// `npx cdk synth` from cdk/ with the project's own npm install, run once for the tests that check what the CLI writes
/// (cdk.json's app and context, as a deployer runs it): the stage template of <see cref="Stage"/> in a temporary folder.
/// </summary>
public sealed class CliSynthesis : IAsyncLifetime
{
    public const string Stage = "ci";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string OutDir { get; } = Directory.CreateTempSubdirectory("fulfilment-cdk-cli-").FullName;

    /// <summary>Every template the synth wrote (one per stack).</summary>
    public IReadOnlyList<string> Templates => [.. Directory.EnumerateFiles(OutDir, "*.template.json").Order(StringComparer.Ordinal)];

    public string StageTemplate => Path.Combine(OutDir, $"Fulfilment-{Stage}.template.json");

    /// <summary>
    /// Runs the CLI with cdk.json's app, <c>--no-build</c> (this test assembly already built it, and a second build of
    /// the same project while tests run would race with other builds on the machine), and the given context.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app did not synthesize; the message carries the app's own error.</exception>
    public static async Task SynthesizeAsync(string outDir, IEnumerable<string> context)
    {
        await CdkTools.EnsureInstalledAsync(CancellationToken.None);
        var (exit, _, stderr) = await CdkTools.RunAsync(
            "npx",
            ["--no-install", "cdk", "synth", "--quiet", "--no-notices", "--no-version-reporting", "--output", outDir,
                .. context.SelectMany(c => new[] { "-c", c }),
                "--app", $"dotnet run --no-build -c {Configuration} --project Fulfilment.Cdk.csproj"],
            CdkTools.CdkDirectory,
            TimeSpan.FromMinutes(4));
        if (exit != 0)
        {
            throw new InvalidOperationException(
                $"`npx cdk synth` failed ({exit}): the CDK app in cdk/ did not synthesize, so there is no template to check. Fix what it says:\n{stderr.Trim()}");
        }
    }

    public Task InitializeAsync() => SynthesizeAsync(OutDir, ["stage=" + Stage]);

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(OutDir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run for it is not.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CdkCliCollection : ICollectionFixture<CliSynthesis>
{
    public const string Name = "cdk-cli";
}
