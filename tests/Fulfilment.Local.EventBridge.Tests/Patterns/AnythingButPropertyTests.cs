using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Fulfilment.Local.EventBridge.Patterns;

namespace Fulfilment.Local.EventBridge.Tests.Patterns;

/// <summary>For any scalar X and any scalar event value, <c>[X]</c> and <c>[{"anything-but": X}]</c> never both match.</summary>
public sealed class AnythingButPropertyTests
{
    private static string Literal(object value) => value switch
    {
        string s => JsonSerializer.Serialize(s),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static Arbitrary<object> Scalars() =>
        Gen.OneOf(
            Gen.Elements<object>("a", "b", "A", "", "5", "x y"),
            ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => (object)s.Get),
            Gen.Choose(-3, 3).Select(i => (object)i)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property AnythingBut_WhenExactAlsoMatches_ShouldNeverHappen()
    {
        return Prop.ForAll(Scalars(), Scalars(), (x, value) =>
        {
            var evt = $$"""{ "detail": { "f": {{Literal(value)}} } }""";
            var exact = EventPattern.Parse($$"""{ "detail": { "f": [ {{Literal(x)}} ] } }""").Matches(evt);
            var anythingBut = EventPattern.Parse($$"""{ "detail": { "f": [ { "anything-but": {{Literal(x)}} } ] } }""").Matches(evt);
            return !(exact && anythingBut);
        });
    }

    [Property(MaxTest = 200)]
    public Property AnythingBut_WhenValueDiffersFromExcluded_ShouldMatchExactlyWhenExactDoesNot()
    {
        // The complement holds for present values of the same kind: exactly one of the two matches.
        return Prop.ForAll(Scalars(), Scalars(), (x, value) =>
        {
            var evt = $$"""{ "f": {{Literal(value)}} }""";
            var exact = EventPattern.Parse($$"""{ "f": [ {{Literal(x)}} ] }""").Matches(evt);
            var anythingBut = EventPattern.Parse($$"""{ "f": [ { "anything-but": {{Literal(x)}} } ] }""").Matches(evt);
            return exact != anythingBut;
        });
    }
}
