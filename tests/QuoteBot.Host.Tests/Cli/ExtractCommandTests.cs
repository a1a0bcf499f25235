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
}
