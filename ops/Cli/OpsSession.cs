using System.CommandLine;

namespace Fulfilment.Ops.Cli;

/// <summary>What one command invocation works with: its output and its AWS clients (disposed when the command ends).</summary>
internal sealed class OpsSession : IDisposable
{
    private OpsSession(OpsOutput output, AwsConnections aws, CommandEnvironment environment)
    {
        Output = output;
        Aws = aws;
        Environment = environment;
    }

    public OpsOutput Output { get; }

    public AwsConnections Aws { get; }

    public CommandEnvironment Environment { get; }

    public static OpsSession Open(ParseResult parse, GlobalOptions globals, CommandEnvironment environment) =>
        new(new OpsOutput(environment, parse.GetValue(globals.Json)), new AwsConnections(globals.Settings(parse), environment.Variable), environment);

    public void Dispose() => Aws.Dispose();
}
