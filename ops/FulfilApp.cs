using System.CommandLine;
using Amazon.Runtime;
using Fulfilment.Aws;
using Fulfilment.Ops.Cli;

namespace Fulfilment.Ops;

/// <summary>The whole `fulfil` CLI behind one entry point, so tests run the real command pipeline in-process.</summary>
public static class FulfilApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, stdout, stderr, Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/>, reading settings such as <c>AWS_REGION</c> from <paramref name="variables"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> variables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(variables);
        var root = CommandTree.Build(new CommandEnvironment(stdout, stderr, variables));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine would answer 1; usage errors are 2 by our contract (docs/cli.md).
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"fulfil: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'fulfil --help' (or 'fulfil <command> --help') for the usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"fulfil: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("fulfil: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ex is OpsException or AwsServiceException or AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            await stderr.WriteLineAsync($"fulfil: {Describe(ex)}");
            return ExitCodes.Failure;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        AwsServiceException aws => $"{aws.ErrorCode}: {aws.Message}",
        AmazonServiceException amazon => $"{amazon.ErrorCode}: {amazon.Message}",
        HttpRequestException http => $"{http.Message} Is the endpoint right and the stack running (dotnet run --project local)?",
        _ => ex.Message,
    };
}
