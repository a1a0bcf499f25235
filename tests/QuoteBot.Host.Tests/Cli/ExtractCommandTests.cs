using System.Text;
using System.Text.Json;
using QuoteBot.Extraction;
using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

[Collection("console")]
public class ExtractCommandTests
{
    private const string Strike = """
        Port strike enters second week

        Harbour pilots in Veldmark stayed off the job on Monday for the eighth day running.

        "We will not move a single ship until the rota is fixed," union leader Marit Olsvik told reporters at the gate.

        The Veldmark Port Authority said in a statement: "The authority has offered talks every day this week and the offer stands."

        Outside the authority's offices, protesters chanted "Fix the rota now!" as lorries queued along the ring road.

        The strike has cost the port an estimated four million crowns so far.

        "Nobody here asked for this."
        """;

    [Fact]
    public async Task Json_EachQuoteNamesItsSpeakerKind()
    {
        using var env = new TempEnv();
        var path = Path.Combine(env.Dir, "strike.txt");
        await File.WriteAllTextAsync(path, Strike);

        var (code, output, err) = await CliAppTests.Run("extract", "--json", path);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Speaker: e.GetProperty("speaker").GetString(), Kind: e.GetProperty("speakerKind").GetString()))
            .ToList();
        Assert.Equal(
            [("Marit Olsvik", "person"), ("Veldmark Port Authority", "organisation"), ("protesters", "group"), (null, null)],
            lines);
    }

    [Fact]
    public void Json_ManyQuotes_TheSameLinesThroughTheStreamAndThroughTheWriter()
    {
        // Well over one 64 KB chunk of output, with text that JSON must escape.
        var body = new StringBuilder("Ferry talks run late\n\n");
        for (var i = 0; i < 400; i++)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"\u201CRound {i} \u2014 \\ \"fares\" \u00E9t\u00E9 \t first,\u201D Olsvik said.\n\n");
        }

        var dir = Path.Combine(Path.GetTempPath(), "quotebot-extract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "ferry.txt");
            File.WriteAllText(path, body.ToString());
            var expected = QuoteExtractor.Extract(ArticleLoader.LoadFile(path).Articles[0]);

            var text = new StringWriter();
            Assert.Equal(0, ExtractCommand.Run([path], json: true, text, TextWriter.Null, TextReader.Null));
            using var bytes = new MemoryStream();
            Assert.Equal(0, ExtractCommand.Run([path], json: true, TextWriter.Null, TextWriter.Null, TextReader.Null, bytes));

            var fromStream = Encoding.UTF8.GetString(bytes.ToArray());
            Assert.True(fromStream.Length > 64 * 1024);
            Assert.Equal(text.ToString(), fromStream);
            var lines = fromStream.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Count, lines.Length);
            for (var i = 0; i < lines.Length; i++)
            {
                var e = JsonDocument.Parse(lines[i]).RootElement;
                Assert.Equal(expected[i].Text, e.GetProperty("text").GetString());
                Assert.Equal(expected[i].Start, e.GetProperty("start").GetInt32());
                Assert.Equal(expected[i].Group, e.GetProperty("group").GetInt32());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Json_ArticleFields_TheSameBytesAsWrittenPropertyByProperty()
    {
        // JSON Lines input sets each article's title, outlet, URL and date (some with characters JSON escapes, some
        // missing); each quote line must be byte for byte what a writer gives when it writes every property itself.
        var rows = new[]
        {
            """{"text":"\u201CWe stay,\u201D Olsvik said.\n\n\u201CNo,\u201D said Ruiz.","title":"Strike \"day 8\" \u2014 caf\u00E9 <b>","outlet":"Veldmark Post & Co","url":"https://example.test/a?b=1&c=\u00E9","published":"2026-11-03"}""",
            """{"text":"\u201CFares rise,\u201D the authority said."}""",
            """{"text":"\u201CTab\there \\ too,\u201D Marit Olsvik said.","title":"Line\nbreak","published":"2026-12-01"}""",
        };
        var dir = Path.Combine(Path.GetTempPath(), "quotebot-extract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "rows.jsonl");
            File.WriteAllText(path, string.Join("\n", rows) + "\n");
            var expected = new StringBuilder();
            foreach (var article in ArticleLoader.LoadFile(path).Articles)
            {
                foreach (var q in QuoteExtractor.Extract(article))
                {
                    expected.Append(ReferenceLine(article, q)).Append(Environment.NewLine);
                }
            }

            using var bytes = new MemoryStream();
            Assert.Equal(0, ExtractCommand.Run([path], json: true, TextWriter.Null, TextWriter.Null, TextReader.Null, bytes));
            var actual = Encoding.UTF8.GetString(bytes.ToArray());
            Assert.Equal(4, actual.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Contains("\"outlet\":\"Veldmark Post & Co\"", actual, StringComparison.Ordinal);
            Assert.Equal(expected.ToString(), actual);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // One quote line as the command wrote it before the article's fields became one block of bytes: every property
    // through the writer, with the command's encoder.
    private static string ReferenceLine(Article article, ExtractedQuote q)
    {
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, options))
        {
            w.WriteStartObject();
            w.WriteString("text", q.Text);
            w.WriteString("speaker", q.Speaker);
            w.WriteString("speakerKind", ExtractCommand.KindName(q.SpeakerKind));
            w.WriteNumber("start", q.Start);
            w.WriteNumber("end", q.End);
            w.WriteString("cue", q.Cue);
            w.WriteNumber("paragraph", q.Paragraph);
            w.WriteString("audience", q.Audience);
            w.WriteNumber("group", q.Group);
            w.WriteString("source", article.Source);
            w.WriteString("url", article.Meta.Url);
            w.WriteString("title", article.Meta.Title);
            w.WriteString("outlet", article.Meta.Outlet);
            w.WriteString("published", article.Meta.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
