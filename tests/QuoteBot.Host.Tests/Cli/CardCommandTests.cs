namespace QuoteBot.Host.Tests.Cli;

[Collection("console")]
public sealed class CardCommandTests
{
    [Fact]
    public async Task Card_WritesAPngOfTheQuote()
    {
        using var env = new TempEnv();
        var (added, addOut, _) = await CliAppTests.Run("add", "We open the bridge in spring.", "--speaker", "Mara Velin");
        Assert.Equal(0, added);
        var id = System.Text.RegularExpressions.Regex.Match(addOut, @"#(\d+)").Groups[1].Value;
        var file = Path.Combine(env.Dir, "card.png");

        var (code, output, err) = await CliAppTests.Run("card", id, "--out", file);

        Assert.True(code == 0, err);
        Assert.Contains(file, output, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
    }

    [Fact]
    public async Task Card_OfARemovedOrMissingQuote_OneLineAndNoFile()
    {
        using var env = new TempEnv();
        var (_, addOut, _) = await CliAppTests.Run("add", "Soon removed.", "--speaker", "Mara Velin");
        var id = System.Text.RegularExpressions.Regex.Match(addOut, @"#(\d+)").Groups[1].Value;
        await CliAppTests.Run("remove", id);
        var file = Path.Combine(env.Dir, "card.png");

        var (code, _, err) = await CliAppTests.Run("card", id, "--out", file);
        Assert.Equal(1, code);
        Assert.Contains("removed", err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        var (missing, _, err2) = await CliAppTests.Run("card", "99999", "--out", file);
        Assert.Equal(1, missing);
        Assert.Single(err2.Trim().Split('\n'));
    }
}
