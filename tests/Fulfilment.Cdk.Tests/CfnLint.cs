using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Fulfilment.Emulators;

namespace Fulfilment.Cdk.Tests;

/// <summary>One cfn-lint finding: the rule, its level, the resource it is on (empty for template-wide ones) and what it says.</summary>
public sealed record LintFinding(string Rule, string Level, string Resource, string Message)
{
    public override string ToString() => $"{Rule} ({Level}) on {(Resource.Length > 0 ? Resource : "the template")}: {Message}";
}

/// <summary>
/// Runs cfn-lint, the AWS CloudFormation linter, on templates. It is a Python program that this project cannot install
/// (the machines reach no Python package index): it comes with the machine image, and when it is missing or fails
/// the harness says so instead of finding nothing.
/// </summary>
public sealed class CfnLint(string executable = CfnLint.DefaultExecutable)
{
    public const string DefaultExecutable = "cfn-lint";

    /// <summary>The version the suppressions in cdk/LintSuppressions.cs were written against.</summary>
    public const string ExpectedVersion = "1.51.0";

    public static string InstallHint =>
        $"cfn-lint {ExpectedVersion} (the AWS CloudFormation linter, a Python package) must be on PATH: it is part of this project's " +
        $"machine image; elsewhere install it with `pip install cfn-lint=={ExpectedVersion}` (or pipx) and make sure `cfn-lint --version` runs.";

    /// <summary>The version cfn-lint reports (e.g. <c>1.51.0</c>).</summary>
    public async Task<string> VersionAsync()
    {
        var result = await RunAsync(["--version"], Directory.GetCurrentDirectory());
        return result.ExitCode == 0 && result.StdOut.Trim().Split(' ') is [_, var version]
            ? version
            : throw new InvalidOperationException($"`{executable} --version` answered {result.ExitCode}: {result.StdOut}{result.StdErr}\n{InstallHint}");
    }

    /// <summary>Lints <paramref name="templatePath"/> (every region's resource specs left at cfn-lint's default, us-east-1).</summary>
    /// <exception cref="InvalidOperationException">cfn-lint is missing or could not run; the message says what to install or fix.</exception>
    public async Task<IReadOnlyList<LintFinding>> LintAsync(string templatePath)
    {
        if (!File.Exists(templatePath))
        {
            throw new FileNotFoundException($"No template at {templatePath}: synthesize the CDK app first (cd cdk && npx cdk synth).", templatePath);
        }

        var result = await RunAsync(["--format", "json", "--", templatePath], Path.GetDirectoryName(templatePath)!);
        // The exit code is a bit set of what was found: 2 errors, 4 warnings, 8 informational; bit 1 is cfn-lint's own failure.
        if ((result.ExitCode & 1) != 0 || result.ExitCode is < 0 or > 15)
        {
            throw new InvalidOperationException($"cfn-lint failed ({result.ExitCode}) on {templatePath}: {result.StdErr}{result.StdOut}");
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(result.StdOut.Length > 0 ? result.StdOut : "[]");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidOperationException($"cfn-lint printed no JSON report for {templatePath} ({ex.Message}): {result.StdOut}{result.StdErr}", ex);
        }

        return [.. parsed!.AsArray().Select(f => new LintFinding(
            (string)f!["Rule"]!["Id"]!,
            (string)f["Level"]!,
            f["Location"]!["Path"] is JsonArray { Count: >= 2 } path && (string?)path[0] == "Resources" ? (string)path[1]! : string.Empty,
            (string)f["Message"]!))];
    }

    private async Task<ChildProcessResult> RunAsync(IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(executable, arguments) { WorkingDirectory = workingDirectory };
        ChildProcessResult result;
        try
        {
            result = (await ChildProcess.RunAsync(info, TimeSpan.FromMinutes(3))).ThrowIfTimedOut($"{executable} {string.Join(' ', info.ArgumentList)}");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cfn-lint could not be started ({executable}: {ex.Message}). {InstallHint}", ex);
        }

        // A pyenv shim without the package behind it answers 127 ("command not found").
        return result.ExitCode == 127
            ? throw new InvalidOperationException($"cfn-lint is not installed ({executable}: {result.StdErr.Trim()}). {InstallHint}")
            : result;
    }
}
