using System.Globalization;
using System.Text.Json;
using Fulfilment.Contracts.Orders;
using Fulfilment.Contracts.Serialization;

namespace Fulfilment.Contracts.Validation;

/// <summary>
/// Validates the raw JSON of a <see cref="CreateOrderRequest"/> and reports every problem at once, each with its
/// JSONPath, so the HTTP API can answer one <c>application/problem+json</c> that lists them all.
/// It enforces exactly what <c>schemas/CreateOrderRequest.json</c> states; tests hold the two together.
/// </summary>
public static class CreateOrderRequestValidator
{
    private static readonly string[] RootProperties = ["customerId", "lines", "currency", "paymentToken", "shippingAddress", "metadata"];
    private static readonly string[] LineProperties = ["sku", "quantity", "unitPriceMinor"];
    private static readonly string[] AddressProperties = ["name", "line1", "line2", "city", "region", "postalCode", "country"];

    /// <summary>Validates and, when valid, deserializes the request.</summary>
    public static ValidationOutcome Validate(JsonElement root)
    {
        var problems = new List<ValidationProblem>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("$", $"Expected a JSON object, got {Describe(root.ValueKind)}."));
            return new ValidationOutcome(null, problems);
        }

        RejectUnknown(root, "$", RootProperties, problems);
        RequireString(root, "$", "customerId", 1, OrderLimits.MaxCustomerIdLength, problems);
        ValidateLines(root, problems);
        if (RequireString(root, "$", "currency", 3, 3, problems) is { } currency && !Currencies.IsKnown(currency))
        {
            problems.Add(new("$.currency", $"'{currency}' is not an ISO 4217 currency code (upper case, e.g. EUR, USD)."));
        }

        RequireString(root, "$", "paymentToken", 1, OrderLimits.MaxPaymentTokenLength, problems);
        if (Optional(root, "shippingAddress") is { } address)
        {
            ValidateAddress(address, problems);
        }

        if (Optional(root, "metadata") is { } metadata)
        {
            ValidateMetadata(metadata, problems);
        }

        if (problems.Count > 0)
        {
            return new ValidationOutcome(null, problems);
        }

        var request = root.Deserialize(ContractsJsonContext.Default.CreateOrderRequest)
            ?? throw new JsonException("A validated request deserialized to null.");
        return new ValidationOutcome(request, problems);
    }

    /// <summary>Parses and validates a UTF-8 body; malformed JSON is one problem at <c>$</c>.</summary>
    public static ValidationOutcome Validate(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);

            // ParseValue stops after the first value: anything but whitespace after it (a second order, garbage) makes
            // the body something other than one JSON document, which a parser elsewhere might read differently.
            if (reader.Read())
            {
                return new ValidationOutcome(null, [new("$", $"The body has more than one JSON value (more content at byte {reader.TokenStartIndex + 1}).")]);
            }

            var duplicates = new List<ValidationProblem>();
            FindDuplicateProperties(document.RootElement, "$", duplicates);
            return duplicates.Count > 0 ? new ValidationOutcome(null, duplicates) : Validate(document.RootElement);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            return new ValidationOutcome(null, [new("$", $"The body is not valid JSON{where}.")]);
        }
        catch (InvalidOperationException)
        {
            // JsonElement.GetString throws this for text no string can hold: a lone surrogate escape such as "\ud800"
            // or bytes that are not UTF-8. It is the client's text that is wrong, so it is a 400, not a 500.
            return new ValidationOutcome(null, [new("$", "The body contains text that is not valid Unicode (an unpaired surrogate escape or bytes that are not UTF-8).")]);
        }
    }

    /// <summary>
    /// A property given twice is refused: parsers disagree on which value wins (first, last, error), so the order
    /// validated here could differ from the one a later reader sees.
    /// </summary>
    private static void FindDuplicateProperties(JsonElement element, string path, List<ValidationProblem> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var child = $"{path}.{property.Name}";
                    if (!seen.Add(property.Name))
                    {
                        problems.Add(new(child, "This property is given more than once."));
                    }

                    FindDuplicateProperties(property.Value, child, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindDuplicateProperties(item, $"{path}[{index++}]", problems);
                }

                break;
        }
    }

    private static void ValidateLines(JsonElement root, List<ValidationProblem> problems)
    {
        if (!root.TryGetProperty("lines", out var lines))
        {
            problems.Add(new("$.lines", "Required: an array of 1 to 50 order lines."));
            return;
        }

        if (lines.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("$.lines", $"Expected an array, got {Describe(lines.ValueKind)}."));
            return;
        }

        var count = lines.GetArrayLength();
        if (count is < OrderLimits.MinLines or > OrderLimits.MaxLines)
        {
            problems.Add(new("$.lines", $"An order has {OrderLimits.MinLines} to {OrderLimits.MaxLines} lines; got {count}."));
        }

        var index = 0;
        foreach (var line in lines.EnumerateArray())
        {
            var path = $"$.lines[{index++}]";
            if (line.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(path, $"Expected an object, got {Describe(line.ValueKind)}."));
                continue;
            }

            RejectUnknown(line, path, LineProperties, problems);
            if (RequireString(line, path, "sku", 1, OrderLimits.MaxSkuLength, problems) is { } sku && !IsSku(sku))
            {
                problems.Add(new($"{path}.sku", "A SKU has only the characters A-Z, 0-9, '-' and '_'."));
            }

            RequireInteger(line, path, "quantity", OrderLimits.MinQuantity, OrderLimits.MaxQuantity, problems);
            RequireInteger(line, path, "unitPriceMinor", 0, OrderLimits.MaxUnitPriceMinor, problems);
        }
    }

    private static void ValidateAddress(JsonElement address, List<ValidationProblem> problems)
    {
        const string path = "$.shippingAddress";
        if (address.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, $"Expected an object, got {Describe(address.ValueKind)}."));
            return;
        }

        RejectUnknown(address, path, AddressProperties, problems);
        RequireString(address, path, "name", 1, OrderLimits.MaxAddressFieldLength, problems);
        RequireString(address, path, "line1", 1, OrderLimits.MaxAddressFieldLength, problems);
        OptionalString(address, path, "line2", OrderLimits.MaxAddressFieldLength, problems);
        RequireString(address, path, "city", 1, OrderLimits.MaxAddressFieldLength, problems);
        OptionalString(address, path, "region", OrderLimits.MaxAddressFieldLength, problems);
        RequireString(address, path, "postalCode", 1, 20, problems);
        if (RequireString(address, path, "country", 2, 2, problems) is { } country && !(char.IsAsciiLetterUpper(country[0]) && char.IsAsciiLetterUpper(country[1])))
        {
            problems.Add(new($"{path}.country", "Expected an ISO 3166-1 alpha-2 country code in upper case, e.g. DE."));
        }
    }

    private static void ValidateMetadata(JsonElement metadata, List<ValidationProblem> problems)
    {
        const string path = "$.metadata";
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, $"Expected an object of string values, got {Describe(metadata.ValueKind)}."));
            return;
        }

        var count = 0;
        foreach (var entry in metadata.EnumerateObject())
        {
            count++;
            var entryPath = $"{path}{Member(entry.Name)}";
            if (entry.Name.Length is 0 or > OrderLimits.MaxMetadataKeyLength)
            {
                problems.Add(new(entryPath, $"Metadata keys have 1 to {OrderLimits.MaxMetadataKeyLength} characters."));
            }

            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new(entryPath, $"Expected a string, got {Describe(entry.Value.ValueKind)}."));
            }
            else if (entry.Value.GetString()!.Length > OrderLimits.MaxMetadataValueLength)
            {
                problems.Add(new(entryPath, $"Metadata values have at most {OrderLimits.MaxMetadataValueLength} characters."));
            }
        }

        if (count > OrderLimits.MaxMetadataEntries)
        {
            problems.Add(new(path, $"At most {OrderLimits.MaxMetadataEntries} metadata entries; got {count}."));
        }
    }

    private static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? RequireString(JsonElement parent, string path, string name, int min, int max, List<ValidationProblem> problems)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            problems.Add(new($"{path}.{name}", "Required."));
            return null;
        }

        return CheckString(value, $"{path}.{name}", min, max, problems);
    }

    private static void OptionalString(JsonElement parent, string path, string name, int max, List<ValidationProblem> problems)
    {
        if (Optional(parent, name) is { } value)
        {
            CheckString(value, $"{path}.{name}", 0, max, problems);
        }
    }

    private static string? CheckString(JsonElement value, string path, int min, int max, List<ValidationProblem> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(path, $"Expected a string, got {Describe(value.ValueKind)}."));
            return null;
        }

        var text = value.GetString()!;
        var length = text.EnumerateRunes().Count();
        if (length < min || length > max)
        {
            problems.Add(new(path, min == max
                ? $"Expected exactly {min} characters; got {length}."
                : $"Expected {min} to {max} characters; got {length}."));
            return null;
        }

        if (text.Any(char.IsControl))
        {
            problems.Add(new(path, "Control characters are not allowed."));
            return null;
        }

        return text;
    }

    private static void RequireInteger(JsonElement parent, string path, string name, long min, long max, List<ValidationProblem> problems)
    {
        var at = $"{path}.{name}";
        if (!parent.TryGetProperty(name, out var value))
        {
            problems.Add(new(at, "Required."));
            return;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Add(new(at, $"Expected an integer, got {Describe(value.ValueKind)}."));
            return;
        }

        // Money and quantities are integers: 12.5 and 1e3 are refused, never rounded.
        var raw = value.GetRawText();
        if (raw.AsSpan().IndexOfAny(".eE") >= 0 || !value.TryGetInt64(out var number))
        {
            problems.Add(new(at, name == "unitPriceMinor"
                ? $"Money is an integer number of minor units (cents), e.g. 1999 for 19.99; got {raw}."
                : $"Expected an integer; got {raw}."));
            return;
        }

        if (number < min || number > max)
        {
            problems.Add(new(at, string.Create(CultureInfo.InvariantCulture, $"Expected {min} to {max}; got {number}.")));
        }
    }

    private static void RejectUnknown(JsonElement obj, string path, string[] known, List<ValidationProblem> problems)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                problems.Add(new($"{path}{Member(property.Name)}", $"Unknown property; expected only {string.Join(", ", known)}."));
            }
        }
    }

    private static string Member(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $".{name}"
            : $"['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static bool IsSku(string sku) => sku.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

/// <summary>The result of validation: the request when valid, otherwise every problem found.</summary>
public sealed record ValidationOutcome(CreateOrderRequest? Request, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when there is no problem and <see cref="Request"/> is set.</summary>
    public bool IsValid => Problems.Count == 0 && Request is not null;
}
