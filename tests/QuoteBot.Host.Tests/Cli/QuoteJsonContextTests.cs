using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>
/// The CLI's JSON (search --json, export, import) comes from the source-generated <see cref="QuoteJsonContext"/> so
/// that the Native AOT quotebot can write and read it. The bytes must be the ones the reflection-based serializer
/// wrote with the options used before (session 10), and files written then must read the same.
/// </summary>
public sealed class QuoteJsonContextTests
{
    // The options of session 10, with the reflection-based contract resolver.
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSerializerOptions ReflectionIndented = new(Reflection) { WriteIndented = true };

    private static IReadOnlyList<ExportedQuote> Quotes() =>
    [
        new(1, "We will keep the ferries running all winter.", "Lena Olsvik", "global", "active", "Harbour Weekly",
            "Ferries <stay> & \"run\"", "https://example.com/a?b=1&c='2'", new DateOnly(2026, 3, 1), "Paragraph \u201Cwith\u201D marks.",
            "Before.", "After.", "reporters", "tg:1", new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2))),
        new(2, "Ni\u00F1os, \u0436\u0438\u0442\u0435\u043B\u0438, \u6E2F, \uD83D\uDEA2 and a tab\there.", null, "tg:-100123", "removed", null, null, null,
            null, null, null, null, null, "local", new DateTimeOffset(2026, 12, 6, 16, 5, 22, 123, TimeSpan.Zero).AddTicks(4567)),
        new(1_000_000_000_000, "Line one.\nLine two \\ with a backslash and \u2028 a separator.", "Ana Ruiz", "dc:42", "pending", "", "", "", null,
            "", null, null, null, "", DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public void SearchJson_SameBytesAsTheReflectionSerializer()
    {
        var quotes = Quotes();

        var generated = JsonSerializer.Serialize(quotes, QuoteJson.Info<IReadOnlyList<ExportedQuote>>(QuoteJson.Options));

        Assert.Equal(JsonSerializer.Serialize(quotes.Select(q => q), Reflection), generated);
        Assert.Contains("\"addedAt\":", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("\"speaker\":null", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportFile_SameBytesAsTheReflectionSerializer()
    {
        var file = new ExportFile(ExportFile.FormatName, 1, new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero), Quotes());

        Assert.Equal(JsonSerializer.Serialize(file, ReflectionIndented), JsonSerializer.Serialize(file, QuoteJson.Info<ExportFile>(QuoteJson.Indented)));
        Assert.Equal(JsonSerializer.Serialize(file, Reflection), JsonSerializer.Serialize(file, QuoteJson.Info<ExportFile>(QuoteJson.Options)));
    }

    [Fact]
    public void ExportFileWrittenByTheReflectionSerializer_ReadsTheSame()
    {
        var file = new ExportFile(ExportFile.FormatName, 1, new DateTimeOffset(2026, 12, 6, 16, 0, 0, TimeSpan.Zero), Quotes());
        var written = JsonSerializer.Serialize(file, ReflectionIndented);

        var read = JsonSerializer.Deserialize(written, QuoteJson.Info<ExportFile>(QuoteJson.Options))!;

        Assert.Equal(written, JsonSerializer.Serialize(read, ReflectionIndented));
        Assert.Equal(Quotes(), read.Quotes);
    }

    [Fact]
    public void HandWrittenFile_WebRulesStillHold()
    {
        // Names in any case and numbers as strings were accepted by the web defaults before; still are.
        const string json = """{"FORMAT":"quotebot-export","version":"1","exportedAt":"2026-12-06T16:00:00Z","quotes":[{"ID":"7","text":"We stay.","scope":"global","addedBy":"local","addedAt":"2026-12-06T16:00:00Z"}]}""";

        var read = JsonSerializer.Deserialize(json, QuoteJson.Info<ExportFile>(QuoteJson.Options))!;

        Assert.Equal("quotebot-export", read.Format);
        Assert.Equal(1, read.Version);
        Assert.Equal(7, Assert.Single(read.Quotes).Id);
        Assert.Null(read.Quotes[0].Status);
    }

    [Fact]
    public void TheOptions_UseTheGeneratedContractsOnly()
    {
        // No reflection fallback: a type outside the context fails here exactly as it would in the native binary.
        Assert.IsType<QuoteJsonContext>(QuoteJson.Options.TypeInfoResolver);
        Assert.Throws<NotSupportedException>(() => QuoteJson.Options.GetTypeInfo(typeof(Version)));
    }
}
