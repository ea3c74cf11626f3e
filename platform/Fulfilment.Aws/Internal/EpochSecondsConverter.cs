using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulfilment.Aws.Internal;

/// <summary>AWS JSON protocols send timestamps as epoch seconds with a fraction (e.g. <c>1700000000.123</c>).</summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            // Some tools send ISO-8601 strings; accept them too.
            var text = reader.GetString()!;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                ? FromSeconds(s)
                : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        return FromSeconds(reader.GetDouble());
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000m, 3));
    }

    private static DateTimeOffset FromSeconds(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
}
