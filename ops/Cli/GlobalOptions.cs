using System.CommandLine;

namespace Fulfilment.Ops.Cli;

/// <summary>Options every command accepts: where AWS is, who we are, and whether to print JSON.</summary>
internal sealed class GlobalOptions
{
    public Option<Uri?> EndpointUrl { get; } = new("--endpoint-url")
    {
        Description = "AWS endpoint for every service (default: AWS_ENDPOINT_URL; the local edge is http://127.0.0.1:4566).",
        Recursive = true,
        CustomParser = result => ParseUri(result, result.Tokens.Single().Value),
    };

    public Option<string?> Region { get; } = new("--region")
    {
        Description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region; us-east-1 for a loopback endpoint).",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Named profile from the AWS shared config/credentials files (default: AWS_PROFILE, then the default credential chain).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (for scripts) instead of tables.",
        Recursive = true,
    };

    public Option<string> StateMachine { get; } = new("--state-machine")
    {
        Description = "State machine name or ARN.",
        Recursive = true,
        DefaultValueFactory = _ => "order-fulfilment",
    };

    public void AddTo(Command root)
    {
        root.Options.Add(EndpointUrl);
        root.Options.Add(Region);
        root.Options.Add(Profile);
        root.Options.Add(Json);
        root.Options.Add(StateMachine);
    }

    public AwsSettings Settings(ParseResult parse) =>
        new(parse.GetValue(EndpointUrl), parse.GetValue(Region), parse.GetValue(Profile));

    internal static Uri? ParseUri(System.CommandLine.Parsing.ArgumentResult result, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        result.AddError($"'{text}' is not an absolute http(s) URL (e.g. http://127.0.0.1:4566).");
        return null;
    }
}

/// <summary>The endpoint, region and profile given on the command line (null: resolve the standard AWS way).</summary>
internal sealed record AwsSettings(Uri? EndpointUrl, string? Region, string? Profile);
