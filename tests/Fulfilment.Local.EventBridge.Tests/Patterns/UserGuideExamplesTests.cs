using Fulfilment.Local.EventBridge.Patterns;
using Shouldly;

namespace Fulfilment.Local.EventBridge.Tests.Patterns;

/// <summary>The examples of the EventBridge User Guide pages "Event patterns", "Content filtering" and "Null values", as a table.</summary>
public sealed class UserGuideExamplesTests
{
    // The example event of the "Event patterns" and "Content filtering" pages (EC2 state change), with the detail
    // fields the content-filtering examples use.
    private const string Ec2Event = """
    {
      "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "EC2 Instance State-change Notification",
      "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
      "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
      "detail": {
        "instance-id": "i-1234567890abcdef0", "state": "terminated", "c-count": 5, "d-count": 3, "x-limit": 301.8,
        "source-ip": "10.0.0.123", "FileName": "image.PNG", "eventVersion": "", "responseElements": null,
        "Region": "eu-west-1", "FilePath": "/usr/lib/x.so"
      }
    }
    """;

    public static TheoryData<string, string, bool> Cases => new()
    {
        // Exact, arrays as OR, nested detail.
        { "source exact", """{ "source": ["aws.ec2"] }""", true },
        { "source other", """{ "source": ["aws.s3"] }""", false },
        { "array is OR", """{ "detail": { "state": ["running", "terminated"] } }""", true },
        { "all fields must match", """{ "source": ["aws.ec2"], "detail-type": ["Other"] }""", false },
        { "resources intersect", """{ "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0", "arn:x"] }""", true },
        { "missing field never matches a value", """{ "detail": { "nope": ["x"] } }""", false },
        { "string never equals number", """{ "detail": { "c-count": ["5"] } }""", false },
        { "number equals number", """{ "detail": { "c-count": [5] } }""", true },
        // Null and empty string (not interchangeable).
        { "empty string", """{ "detail": { "eventVersion": [""] } }""", true },
        { "null matches null", """{ "detail": { "responseElements": [null] } }""", true },
        { "empty string is not null", """{ "detail": { "responseElements": [""] } }""", false },
        { "null is not empty string", """{ "detail": { "eventVersion": [null] } }""", false },
        // Prefix / suffix / equals-ignore-case / wildcard.
        { "prefix", """{ "time": [ { "prefix": "2017-12-22" } ] }""", true },
        { "prefix no", """{ "time": [ { "prefix": "2017-10-02" } ] }""", false },
        { "prefix ignore case", """{ "source": [ { "prefix": { "equals-ignore-case": "AWS.E" } } ] }""", true },
        { "suffix", """{ "detail": { "FileName": [ { "suffix": ".PNG" } ] } }""", true },
        { "suffix is case sensitive", """{ "detail": { "FileName": [ { "suffix": ".png" } ] } }""", false },
        { "suffix ignore case", """{ "detail": { "FileName": [ { "suffix": { "equals-ignore-case": ".png" } } ] } }""", true },
        { "equals-ignore-case", """{ "detail-type": [ { "equals-ignore-case": "ec2 instance state-change notification" } ] }""", true },
        { "wildcard", """{ "resources": [ { "wildcard": "arn:aws:ec2:*:123456789012:instance/*" } ] }""", true },
        { "wildcard no", """{ "detail": { "FilePath": [ { "wildcard": "*/bin/*" } ] } }""", false },
        { "prefix on number never matches", """{ "detail": { "c-count": [ { "prefix": "5" } ] } }""", false },
        // Anything-but.
        { "anything-but string", """{ "detail": { "state": [ { "anything-but": "initializing" } ] } }""", true },
        { "anything-but same string", """{ "detail": { "state": [ { "anything-but": "terminated" } ] } }""", false },
        { "anything-but number", """{ "detail": { "x-limit": [ { "anything-but": 123 } ] } }""", true },
        { "anything-but list", """{ "detail": { "state": [ { "anything-but": ["stopped", "overloaded"] } ] } }""", true },
        { "anything-but list hit", """{ "detail": { "state": [ { "anything-but": ["stopped", "terminated"] } ] } }""", false },
        { "anything-but number list", """{ "detail": { "x-limit": [ { "anything-but": [100, 200, 300] } ] } }""", true },
        { "anything-but prefix", """{ "detail": { "Region": [ { "anything-but": { "prefix": "us-" } } ] } }""", true },
        { "anything-but prefix hit", """{ "detail": { "Region": [ { "anything-but": { "prefix": "eu-" } } ] } }""", false },
        { "anything-but suffix", """{ "detail": { "FileName": [ { "anything-but": { "suffix": ".PNG" } } ] } }""", false },
        { "anything-but ignore case", """{ "detail": { "state": [ { "anything-but": { "equals-ignore-case": ["TERMINATED", "x"] } } ] } }""", false },
        { "anything-but wildcard", """{ "detail": { "FilePath": [ { "anything-but": { "wildcard": "*/lib/*" } } ] } }""", false },
        { "anything-but on a missing field", """{ "detail": { "nope": [ { "anything-but": "x" } ] } }""", false },
        // Numeric: only numbers.
        { "numeric range", """{ "detail": { "c-count": [ { "numeric": [ ">", 0, "<=", 5 ] } ] } }""", true },
        { "numeric below", """{ "detail": { "d-count": [ { "numeric": [ "<", 10 ] } ] } }""", true },
        { "numeric equals", """{ "detail": { "x-limit": [ { "numeric": [ "=", 3.018e2 ] } ] } }""", true },
        { "numeric out of range", """{ "detail": { "c-count": [ { "numeric": [ ">", 5 ] } ] } }""", false },
        { "numeric on a string", """{ "detail": { "state": [ { "numeric": [ ">", 0 ] } ] } }""", false },
        // Exists.
        { "exists true", """{ "detail": { "state": [ { "exists": true } ] } }""", true },
        { "exists false on present", """{ "detail": { "state": [ { "exists": false } ] } }""", false },
        { "exists false on absent", """{ "detail": { "nope": [ { "exists": false } ] } }""", true },
        { "exists false under absent parent", """{ "nope": { "deeper": [ { "exists": false } ] } }""", true },
        // CIDR.
        { "cidr inside", """{ "detail": { "source-ip": [ { "cidr": "10.0.0.0/24" } ] } }""", true },
        { "cidr outside", """{ "detail": { "source-ip": [ { "cidr": "10.0.1.0/24" } ] } }""", false },
        // $or.
        { "$or one branch", """{ "detail": { "$or": [ { "c-count": [ { "numeric": [ ">", 10 ] } ] }, { "state": ["terminated"] } ] } }""", true },
        { "$or no branch", """{ "detail": { "$or": [ { "c-count": [ { "numeric": [ ">", 10 ] } ] }, { "state": ["running"] } ] } }""", false },
        { "$or with other fields", """{ "source": ["aws.ec2"], "$or": [ { "detail-type": ["x"] }, { "detail": { "state": ["terminated"] } } ] }""", true },
        // The user guide's combined content-filtering example.
        { "combined example", """{ "time": [ { "prefix": "2017-12-22" } ], "detail": { "state": [ { "anything-but": "initializing" } ], "c-count": [ { "numeric": [ ">", 0, "<=", 5 ] } ], "d-count": [ { "numeric": [ "<", 10 ] } ], "x-limit": [ { "anything-but": [ 100, 200, 300 ] } ] } }""", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_WhenUserGuideExample_ShouldGiveDocumentedResult(string name, string pattern, bool expected)
    {
        EventPattern.Parse(pattern).Matches(Ec2Event).ShouldBe(expected, name);
    }

    public static TheoryData<string> InvalidPatterns => new()
    {
        """["source"]""",
        """{ "source": "aws.ec2" }""",
        """{ "source": [] }""",
        """{ "detail": { "c-count": [ { "numeric": [ ">", "five" ] } ] } }""",
        """{ "detail": { "c-count": [ { "numeric": [ "<", 5, ">", 0 ] } ] } }""",
        """{ "detail": { "state": [ { "exists": "yes" } ] } }""",
        """{ "detail": { "state": [ { "unknown-op": "x" } ] } }""",
        """{ "detail": { "state": [ { "anything-but": ["a", 1] } ] } }""",
        """{ "detail": { "ip": [ { "cidr": "10.0.0.0" } ] } }""",
        """{ "$or": [ { "source": ["a"] } ] }""",
        """{ "detail": { "p": [ { "wildcard": "a**b" } ] } }""",
        """{ not json""",
    };

    [Theory]
    [MemberData(nameof(InvalidPatterns))]
    public void Parse_WhenPatternInvalid_ShouldThrowInvalidEventPattern(string pattern)
    {
        Should.Throw<Fulfilment.Aws.EventBridge.InvalidEventPatternException>(() => EventPattern.Parse(pattern));
    }

    [Fact]
    public void Matches_WhenEventArrayHasAnyMatchingElement_ShouldMatch()
    {
        EventPattern.Parse("""{ "tags": [ { "prefix": "team-" } ] }""").Matches("""{ "tags": ["x", "team-a"] }""").ShouldBeTrue();
    }

    [Fact]
    public void Matches_WhenWildcardEscapesStar_ShouldMatchLiteralStar()
    {
        EventPattern.Parse("""{ "k": [ { "wildcard": "a\\*b*" } ] }""").Matches("""{ "k": "a*bc" }""").ShouldBeTrue();
    }

    [Fact]
    public void Matches_WhenCidrIsIpv6_ShouldMatchInsideNetwork()
    {
        EventPattern.Parse("""{ "ip": [ { "cidr": "2001:db8::/32" } ] }""").Matches("""{ "ip": "2001:db8::1" }""").ShouldBeTrue();
    }
}
