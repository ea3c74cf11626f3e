using System.Net;
using Fulfilment.Aws.StepFunctions;
using Shouldly;

namespace Fulfilment.Aws.Tests;

/// <summary>Mapping of AWS JSON-protocol error names to typed exceptions.</summary>
public sealed class AwsErrorsTests
{
    [Theory]
    [InlineData("com.amazonaws.swf.service.model.v20120810#ExecutionAlreadyExists", "ExecutionAlreadyExists")]
    [InlineData("ExecutionAlreadyExists:http://internal.amazon.com/coral/", "ExecutionAlreadyExists")]
    [InlineData("ThrottlingException", "ThrottlingException")]
    [InlineData("ExecutionDoesNotExist,Other", "ExecutionDoesNotExist")]
    [InlineData("com.amazonaws.states#ExecutionDoesNotExist:http://internal.amazon.com/#x", "ExecutionDoesNotExist")]
    public void NormalizeErrorName_WhenTypeHasNamespaceOrSuffix_ShouldKeepTheName(string type, string expected)
    {
        AwsErrors.NormalizeErrorName(type).ShouldBe(expected);
    }

    [Fact]
    public void Create_WhenStepFunctionsName_ShouldReturnTheTypedException()
    {
        AwsErrors.Create("ExecutionAlreadyExists", "m", HttpStatusCode.BadRequest, null).ShouldBeOfType<ExecutionAlreadyExistsException>();
    }

    [Fact]
    public void IsRetryable_WhenThrottled_ShouldBeTrue()
    {
        AwsErrors.Create("ThrottlingException", "m", HttpStatusCode.BadRequest, null).IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public void IsRetryable_WhenStatusIs429WithoutAName_ShouldBeTrue()
    {
        AwsErrors.Create("Unknown", "UnknownError", HttpStatusCode.TooManyRequests, null).IsRetryable.ShouldBeTrue();
    }

    [Fact]
    public void WireName_WhenStepFunctionsException_ShouldDropTheSuffix()
    {
        AwsErrors.WireName(new StateMachineDoesNotExistException("m")).ShouldBe("StateMachineDoesNotExist");
    }
}
