namespace Fulfilment.Cdk.Tests;

/// <summary>
/// The two ways a deployer synthesizes, run once for the tests that check what they write: `npx cdk synth` from cdk/
/// with the project's own npm install (cdk.json's app and context), and `dotnet run` of the app without the CLI
/// (which reads cdk.json itself). Both write the default stage of cdk.json, <see cref="Stage"/>, to temporary folders.
/// </summary>
public sealed class CliSynthesis : IAsyncLifetime
{
    public const string Stage = "dev";

    /// <summary>The region both ways synthesize for: the CLI takes it from AWS_REGION, the app from CDK_DEFAULT_REGION.</summary>
    public const string Region = "us-east-1";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string OutDir { get; } = Directory.CreateTempSubdirectory("fulfilment-cdk-cli-").FullName;

    /// <summary>Where `dotnet run` (no CLI) wrote its cloud assembly.</summary>
    public string PlainRunOutDir { get; } = Directory.CreateTempSubdirectory("fulfilment-cdk-run-").FullName;

    /// <summary>Every template either way of synthesizing wrote (one per stack each).</summary>
    public IReadOnlyList<string> Templates =>
        [.. new[] { OutDir, PlainRunOutDir }.SelectMany(d => Directory.EnumerateFiles(d, "*.template.json")).Order(StringComparer.Ordinal)];

    public string StageTemplate => Path.Combine(OutDir, $"Fulfilment-{Stage}.template.json");

    public string PlainRunStageTemplate => Path.Combine(PlainRunOutDir, $"Fulfilment-{Stage}.template.json");

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
            TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["AWS_REGION"] = Region });
        if (exit != 0)
        {
            throw new InvalidOperationException(
                $"`npx cdk synth` failed ({exit}): the CDK app in cdk/ did not synthesize, so there is no template to check. Fix what it says:\n{stderr.Trim()}");
        }
    }

    /// <summary>`dotnet run` of the app as docs/deploy.md shows it (CDK_OUTDIR set, no CLI, so no context passed in).</summary>
    public static async Task RunWithoutTheCliAsync(string outDir)
    {
        var (exit, _, stderr) = await CdkTools.RunAsync(
            "dotnet", ["run", "--no-build", "-c", Configuration, "--project", "Fulfilment.Cdk.csproj"], CdkTools.CdkDirectory, TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["CDK_OUTDIR"] = outDir, ["CDK_DEFAULT_REGION"] = Region });
        if (exit != 0)
        {
            throw new InvalidOperationException($"`dotnet run` of the CDK app failed ({exit}): it did not synthesize, so there is no template to check. Fix what it says:\n{stderr.Trim()}");
        }
    }

    // One after the other: two jsii processes at once on a 2-core machine only make both slower.
    public async Task InitializeAsync()
    {
        await SynthesizeAsync(OutDir, []);
        await RunWithoutTheCliAsync(PlainRunOutDir);
    }

    public Task DisposeAsync()
    {
        foreach (var dir in new[] { OutDir, PlainRunOutDir })
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless; failing the run for it is not.
            }
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CdkCliCollection : ICollectionFixture<CliSynthesis>
{
    public const string Name = "cdk-cli";
}
