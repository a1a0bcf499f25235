using System.Text.Json;
using System.Text.Json.Nodes;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>Issue 11, data safety: a failed command changes nothing; imports never replace silently and never bypass the quote rules.</summary>
[Collection("console")]
public class DataSafetyTests
{
    private static async Task<JsonElement[]> ExportedAsync()
    {
        var (code, json, err) = await CliAppTests.Run("export");
        Assert.True(code == 0, err);
        return JsonDocument.Parse(json).RootElement.GetProperty("quotes").EnumerateArray().ToArray();
    }

    private static JsonObject ExportQuote(long id, string text, string speaker, string scope = "global", string? url = null) => new()
    {
        ["id"] = id,
        ["text"] = text,
        ["speaker"] = speaker,
        ["scope"] = scope,
        ["status"] = "active",
        ["url"] = url,
        ["addedBy"] = "local",
        ["addedAt"] = "2026-03-01T12:00:00+00:00",
    };

    private static string WriteExport(TempEnv env, string name, params JsonObject[] quotes)
    {
        var file = new JsonObject
        {
            ["format"] = "quotebot-export",
            ["version"] = 1,
            ["exportedAt"] = "2026-03-01T12:00:00+00:00",
            ["quotes"] = new JsonArray(quotes.Select(q => (JsonNode)q).ToArray()),
        };
        var path = Path.Combine(env.Dir, name);
        File.WriteAllText(path, file.ToJsonString());
        return path;
    }

    [Fact]
    public async Task Add_BadSource_ExitsOneAndStoresNothing()
    {
        using var env = new TempEnv();

        var (code, output, err) = await CliAppTests.Run("add", "Second test", "--speaker", "Yvonne Test", "--source", "ftp://x");

        Assert.Equal(1, code);
        Assert.Equal("--source must be a http(s) link, like https://example.com/article.", err.Trim());
        Assert.Equal(string.Empty, output);
        Assert.Empty(await ExportedAsync());
    }

    [Theory]
    [InlineData("", "Ann", "The quote's text is empty")]
    [InlineData("   ", "Ann", "The quote's text is empty")]
    [InlineData("Fine text", " ", "--speaker is empty")]
    [InlineData("bidi \u202E trick", "Ann", "The text contains an invisible text-direction control (U+202E). Nothing was added.")]
    [InlineData("Fine text", "Ann", "--scope must be global, tg:<chat id> or dc:<guild id>.", "tg:abc")]
    public async Task Add_BadInput_OneCliLineNoChatUsageAndNothingStored(string text, string speaker, string expected, string? scope = null)
    {
        using var env = new TempEnv();

        var (code, _, err) = await CliAppTests.Run(scope is null ? ["add", text, "--speaker", speaker] : ["add", text, "--speaker", speaker, "--scope", scope]);

        Assert.Equal(1, code);
        Assert.StartsWith(expected, err.Trim(), StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("/addquote", err, StringComparison.Ordinal);
        Assert.Empty(await ExportedAsync());
    }

    [Fact]
    public async Task Add_WithSource_SuccessLineConfirmsIdSpeakerAndSource()
    {
        using var env = new TempEnv();

        var (code, output, _) = await CliAppTests.Run("add", "Second test", "--speaker", "Yvonne Test", "--source", "https://example.com/a");

        Assert.Equal(0, code);
        Assert.Equal("Added quote #1: “Second test” — Yvonne Test, source https://example.com/a.", output.Trim());
        Assert.Equal("https://example.com/a", (await ExportedAsync())[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task ImportExport_IntoStoreWithOtherQuotes_ReportsConflictsPerIdAndReplacesNothing()
    {
        using var env = new TempEnv();
        Assert.Equal(0, (await CliAppTests.Run("add", "Our moderator's own words", "--speaker", "Mod Erator")).Code);
        Assert.Equal(0, (await CliAppTests.Run("add", "A second local quote", "--speaker", "Local Person")).Code);
        var before = (await ExportedAsync()).Select(q => q.GetRawText()).ToArray();
        var file = WriteExport(
            env,
            "other.json",
            ExportQuote(1, "Somebody else's words", "Other Person"),    // conflict
            ExportQuote(2, "A SECOND local quote!", "Local Person"),    // same quote (dedupe key): already there
            ExportQuote(3, "A brand new quote", "Other Person"));       // free id

        var first = await CliAppTests.Run("import", file);

        Assert.Equal(1, first.Code);
        Assert.Contains("1 added, 0 replaced, 1 already there, 1 conflict, 0 invalid skipped", first.Out, StringComparison.Ordinal);
        Assert.Contains("quote #1 not imported: this store holds a different quote under #1 (left unchanged; --replace overwrites it).", first.Err, StringComparison.Ordinal);
        var after = await ExportedAsync();
        Assert.Equal(before, after.Take(2).Select(q => q.GetRawText()));
        Assert.Equal("A brand new quote", after[2].GetProperty("text").GetString());

        var again = await CliAppTests.Run("import", file);
        Assert.Contains("0 added, 0 replaced, 2 already there, 1 conflict, 0 invalid skipped", again.Out, StringComparison.Ordinal);
        Assert.Equal(after.Select(q => q.GetRawText()), (await ExportedAsync()).Select(q => q.GetRawText()));

        var replaced = await CliAppTests.Run("import", file, "--replace");
        Assert.Equal(0, replaced.Code);
        Assert.Contains("0 added, 2 replaced, 1 already there, 0 conflicts", replaced.Out, StringComparison.Ordinal); // --replace: the file's version of #2 too
        Assert.Equal("Somebody else's words", (await ExportedAsync())[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ImportExport_QuotesBreakingTheRules_SkippedWithReasonsRestImportedAndLaterAddsWork()
    {
        using var env = new TempEnv();
        var file = WriteExport(
            env,
            "bad.json",
            ExportQuote(1, "A good quote", "Good Speaker"),
            ExportQuote(2, new string('x', 100_000), "Long Text"),
            ExportQuote(3, "Long speaker", new string('s', 5_000)),
            ExportQuote(4, "Bad scope", "Scoped Person", scope: "tg:abc"),
            ExportQuote(9223372036854775807, "Huge id", "Far Away"),
            ExportQuote(5, "Sneaky link", "Link Person", url: "javascript:alert(1)"),
            ExportQuote(6, "Bell \u0007 ringing", "Bell Person"),
            ExportQuote(7, "Another good quote", "Good Speaker"));

        var (code, output, err) = await CliAppTests.Run("import", file);

        Assert.Equal(1, code);
        Assert.Contains("2 added, 0 replaced, 0 already there, 0 conflicts, 6 invalid skipped", output, StringComparison.Ordinal);
        Assert.Contains("quote #2 (entry 2) skipped: the text is too long (100,000 characters; at most 2,000).", err, StringComparison.Ordinal);
        Assert.Contains("quote #3 (entry 3) skipped: the speaker is too long (5,000 characters; at most 100).", err, StringComparison.Ordinal);
        Assert.Contains("quote #4 (entry 4) skipped: the scope “tg:abc” is not global, tg:<chat id> or dc:<guild id>.", err, StringComparison.Ordinal);
        Assert.Contains("entry 5 skipped: the id 9223372036854775807 is out of range (ids run from 1 to 1000000000000).", err, StringComparison.Ordinal);
        Assert.Contains("quote #5 (entry 6) skipped: the source link must be a http(s) link", err, StringComparison.Ordinal);
        Assert.Contains("quote #6 (entry 7) skipped: the text contains a control character (U+0007).", err, StringComparison.Ordinal);
        Assert.Equal([1L, 7L], (await ExportedAsync()).Select(q => q.GetProperty("id").GetInt64()));

        var add = await CliAppTests.Run("add", "Added after the import", "--speaker", "Later Person");
        Assert.Equal(0, add.Code);
        Assert.StartsWith("Added quote #8:", add.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportArticles_JavascriptLinkAndBellCharacter_QuotesSkippedWithReasonAndNothingBadStored()
    {
        using var env = new TempEnv();
        var dir = Path.Combine(env.Dir, "articles");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(
            Path.Combine(dir, "feed.jsonl"),
            "{\"url\":\"javascript:alert(1)\",\"title\":\"Ferry\",\"text\":\"Ferry returns\\n\\n\\\"The ferry will run again in May,\\\" Mayor Lena Vik said.\"}\n" +
            "{\"url\":\"https://example.com/ok\",\"title\":\"Mill\",\"text\":\"Mill reopens\\n\\n\\\"We hired forty people this week,\\\" owner Piet Dam said.\"}\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "bell.txt"), "Bell story\n\n\"The bell \u0007 rang at noon,\" Mayor Olaf Berg said.\n");

        var (code, output, err) = await CliAppTests.Run("import", dir);

        Assert.Equal(0, code);
        Assert.Contains("1 quotes added", output, StringComparison.Ordinal);
        Assert.Contains("2 quotes skipped", output, StringComparison.Ordinal);
        Assert.Contains("feed.jsonl line 1: 1 quote skipped: the source link must be a http(s) link", err, StringComparison.Ordinal);
        Assert.Contains("bell.txt: 1 quote skipped: the text contains a control character (U+0007)", err, StringComparison.Ordinal);
        var stored = Assert.Single(await ExportedAsync());
        Assert.Equal("Piet Dam", stored.GetProperty("speaker").GetString());
        Assert.Equal("https://example.com/ok", stored.GetProperty("url").GetString());
    }

    [Fact]
    public async Task ImportArticles_BadFilesAndBadLines_CountedSeparatelyInPlainSentences()
    {
        using var env = new TempEnv();
        var dir = Path.Combine(env.Dir, "articles");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "a-empty.txt"), "   \n");
        await File.WriteAllBytesAsync(Path.Combine(dir, "b-binary.txt"), [0, 1, 2, 0, 255]);
        await File.WriteAllTextAsync(Path.Combine(dir, "c-empty.html"), "");
        await File.WriteAllBytesAsync(Path.Combine(dir, "d-latin1.txt"), [0x22, 0xE9, 0x22, 0x0A]);
        await File.WriteAllTextAsync(
            Path.Combine(dir, "e-feed.jsonl"),
            "{\"text\": \"\\\"We will rebuild,\\\" mayor Ana Lind said.\"}\n" +
            "{\"text\": 42}\n" +
            "{\"title\": \"no body\"}\n" +
            "{\"text\": \"unterminated\n" +
            "[1, 2]\n");

        var (code, output, err) = await CliAppTests.Run("import", dir);

        Assert.Equal(0, code);
        Assert.Contains("4 files and 4 lines skipped.", output, StringComparison.Ordinal);
        Assert.Contains("e-feed.jsonl line 2: \"text\" must be a string, not a number", err, StringComparison.Ordinal);
        Assert.Contains("e-feed.jsonl line 3: it has no \"text\" or \"html\" field", err, StringComparison.Ordinal);
        Assert.Contains("e-feed.jsonl line 4: not valid JSON (a mistake near character", err, StringComparison.Ordinal);
        Assert.Contains("e-feed.jsonl line 5: not a JSON object (it is a list)", err, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", err, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", err, StringComparison.Ordinal);
        Assert.DoesNotContain("files skipped", output.Replace("4 files and", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
