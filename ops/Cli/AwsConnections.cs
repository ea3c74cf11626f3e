using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SQS;
using Fulfilment.Aws;
using Fulfilment.Aws.StepFunctions;

namespace Fulfilment.Ops.Cli;

/// <summary>
/// Builds the AWS clients the standard way: explicit options first, then <c>AWS_ENDPOINT_URL(_SERVICE)</c>,
/// <c>AWS_REGION</c>, <c>AWS_PROFILE</c> and the default credential chain. Clients are created on first use.
/// </summary>
internal sealed class AwsConnections(AwsSettings settings, Func<string, string?> variable) : IDisposable
{
    // The local edge accepts any signature; a loopback endpoint without configured credentials gets these.
    private static readonly BasicAWSCredentials LocalCredentials = new("local", "local");
    private const string LocalRegion = "us-east-1";

    private StepFunctionsClient? _stepFunctions;
    private AmazonSQSClient? _sqs;
    private AmazonDynamoDBClient? _dynamo;
    private AWSCredentials? _credentials;

    public StepFunctionsClient StepFunctions => _stepFunctions ??= new StepFunctionsClient(new AwsClientConfig
    {
        ServiceUrl = Endpoint("SFN"),
        Region = Region(),
        Credentials = Credentials(),
    });

    public AmazonSQSClient Sqs => _sqs ??= new AmazonSQSClient(Credentials(), Configure(new AmazonSQSConfig(), Endpoint("SQS")));

    public AmazonDynamoDBClient Dynamo => _dynamo ??= new AmazonDynamoDBClient(Credentials(), Configure(new AmazonDynamoDBConfig(), Endpoint("DYNAMODB")));

    public void Dispose()
    {
        _stepFunctions?.Dispose();
        _sqs?.Dispose();
        _dynamo?.Dispose();
    }

    private T Configure<T>(T config, Uri? endpoint)
        where T : ClientConfig
    {
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Region();
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region());
        }

        return config;
    }

    private Uri? Endpoint(string service)
    {
        if (settings.EndpointUrl is not null)
        {
            return settings.EndpointUrl;
        }

        foreach (var name in new[] { "AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL" })
        {
            if (variable(name) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value, UriKind.Absolute, out var uri)
                    ? uri
                    : throw new UsageException($"{name}='{value}' is not an absolute URL.");
            }
        }

        return null;
    }

    private bool IsLoopback => Endpoint("SFN") is { IsLoopback: true };

    private string? ProfileName => settings.Profile ?? variable("AWS_PROFILE");

    private string Region()
    {
        if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            return settings.Region;
        }

        foreach (var name in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (variable(name) is { Length: > 0 } value)
            {
                return value;
            }
        }

        if (ProfileName is { } profile && new CredentialProfileStoreChain().TryGetProfile(profile, out var p) && p.Region is { } region)
        {
            return region.SystemName;
        }

        return IsLoopback
            ? LocalRegion
            : throw new UsageException("No AWS region: pass --region, set AWS_REGION, or give the profile a region.");
    }

    private AWSCredentials Credentials()
    {
        if (_credentials is not null)
        {
            return _credentials;
        }

        if (ProfileName is { } profile)
        {
            return _credentials = new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new UsageException($"No profile named '{profile}' in the AWS shared config/credentials files.");
        }

        if (IsLoopback)
        {
            // The local edge does not check signatures; skip the chain (its instance-metadata probe costs seconds).
            return _credentials = variable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key && variable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
                ? new BasicAWSCredentials(key, secret)
                : LocalCredentials;
        }

        try
        {
            return _credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException ex)
        {
            throw new OpsException($"No AWS credentials found ({ex.Message}). Set AWS_PROFILE/--profile or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables.", ex);
        }
    }
}
