using System.Text.Json;
using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

[Collection("console")]
public class ImportExportTests
{
    private const string Article = """
        Council backs new bridge over the Teal

        The city council voted on Tuesday to build a second bridge over the Teal River.

        "This bridge will carry our grandchildren to school," Mayor Ines Okafor said after the vote.

        Councillor Tomas Reyes opposed the plan. "We cannot afford it this year," Reyes said.
        """;

    [Fact]
    public async Task ExportImport_RoundTrip_KeepsIdsAndIsIdempotent()
    {
        using var env = new TempEnv();
        Assert.Equal(0, (await CliAppTests.Run("add", "First quote here", "--speaker", "Ana Silva")).Code);
        Assert.Equal(0, (await CliAppTests.Run("add", "Second quote here", "--speaker", "Ben Ode")).Code);
        Assert.Equal(0, (await CliAppTests.Run("remove", "1")).Code);
        var file = Path.Combine(env.Dir, "export.json");
        Assert.Equal(0, (await CliAppTests.Run("export", "--out", file)).Code);

        using var other = new TempEnv();
        var first = await CliAppTests.Run("import", file);
        Assert.Equal(0, first.Code);
        Assert.Contains("2 added", first.Out, StringComparison.Ordinal);
        var again = await CliAppTests.Run("import", file);
        Assert.Contains("0 added, 0 replaced, 2 already there, 0 conflicts, 0 invalid skipped", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, again.Code);

        var (_, json, _) = await CliAppTests.Run("export");
        var quotes = JsonDocument.Parse(json).RootElement.GetProperty("quotes").EnumerateArray().ToArray();
        Assert.Equal([1L, 2L], quotes.Select(q => q.GetProperty("id").GetInt64()));
        Assert.Equal("removed", quotes[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Import_Articles_AddsAttributedQuotesOnceAndSkipsBadFiles()
    {
        using var env = new TempEnv();
        var dir = Path.Combine(env.Dir, "articles");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "bridge.txt"), Article);
        await File.WriteAllBytesAsync(Path.Combine(dir, "binary.txt"), [0, 1, 2, 0, 255, 254, 0, 0]);
        await File.WriteAllTextAsync(Path.Combine(dir, "broken.jsonl"), "{\"text\": \"unterminated\n");

        var first = await CliAppTests.Run("import", dir);
        Assert.Equal(0, first.Code);
        Assert.Contains("2 quotes added", first.Out, StringComparison.Ordinal);
        Assert.Contains("binary.txt", first.Err, StringComparison.Ordinal);
        Assert.Contains("broken.jsonl", first.Err, StringComparison.Ordinal);

        var again = await CliAppTests.Run("import", dir);
        Assert.Contains("0 quotes added, 2 duplicates", again.Out, StringComparison.Ordinal);

        var (_, found, _) = await CliAppTests.Run("search", "speaker:okafor", "--json");
        var hit = JsonDocument.Parse(found).RootElement[0];
        Assert.Equal("Ines Okafor", hit.GetProperty("speaker").GetString());
        Assert.Contains("grandchildren", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("second bridge", hit.GetProperty("before").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_EmptyStore_LoadsBundledSampleCorpus()
    {
        using var env = new TempEnv(("Corpus__LoadSampleWhenEmpty", "true"));
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "SampleCorpus", "expected.json"))).RootElement;
        var (found, hits, _) = await CliAppTests.Run("search", "territory");
        Assert.Equal(0, found);
        Assert.Contains("Results for territory", hits, StringComparison.Ordinal);
        var (code, json, _) = await CliAppTests.Run("export");
        Assert.Equal(0, code);
        var quotes = JsonDocument.Parse(json).RootElement.GetProperty("quotes").EnumerateArray().ToArray();
        Assert.True(quotes.Length >= expected.GetProperty("minQuotes").GetInt32(), $"only {quotes.Length} sample quotes");
        Assert.Equal(1, quotes[0].GetProperty("id").GetInt64());
        var speakers = quotes.Select(q => q.GetProperty("speaker").GetString()).ToHashSet();
        Assert.True(speakers.Count >= 10);
        Assert.All(expected.GetProperty("speakers").EnumerateArray(), s => Assert.Contains(s.GetString(), speakers));
    }
}
