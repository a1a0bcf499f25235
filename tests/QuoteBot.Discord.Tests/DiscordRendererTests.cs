using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Tests;

public sealed class DiscordRendererTests
{
    private const string MarkdownChars = "\\*_~`|>#-[]()";
    private readonly DiscordRenderer _renderer = new();

    /// <summary>Undoes <see cref="DiscordRenderer.Escape"/> the way Discord displays it: a backslash before a symbol disappears.</summary>
    internal static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && MarkdownChars.Contains(s[i + 1], StringComparison.Ordinal))
            {
                i++;
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }

    private static Quote MakeQuote(string text, string? speaker = "Mara Holt", QuoteSource? source = null, QuoteContext? context = null, long id = 42) =>
        new NewQuote { Text = text, Speaker = speaker, Source = source ?? QuoteSource.None, Context = context, AddedAt = DateTimeOffset.UnixEpoch }.ToQuote(id);

    [Theory]
    [InlineData("*bold*", "\\*bold\\*")]
    [InlineData("__under__", "\\_\\_under\\_\\_")]
    [InlineData("~~gone~~", "\\~\\~gone\\~\\~")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("||spoiler||", "\\|\\|spoiler\\|\\|")]
    [InlineData("> quote", "\\> quote")]
    [InlineData("# Big", "\\# Big")]
    [InlineData("- item", "\\- item")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("[click](https://evil.example)", "\\[click\\]\\(https://evil.example\\)")]
    [InlineData("plain words, 42!", "plain words, 42!")]
    public void Escape_MarkdownCharacters_ArePrefixedWithBackslash(string input, string expected)
    {
        Assert.Equal(expected, DiscordRenderer.Escape(input));
        Assert.Equal(input, Unescape(DiscordRenderer.Escape(input)));
    }

    [Fact]
    public void Render_QuoteWithMaskedLink_CannotFormALink()
    {
        var message = _renderer.Render(new QuoteCardReply(MakeQuote("See [free money](https://evil.example) now")));

        var description = message.Embeds[0].Description!;
        Assert.DoesNotContain("[free money](", description, StringComparison.Ordinal);
        Assert.Contains("\\[free money\\]\\(https://evil.example\\)", description, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapeFit_LongText_CutsWithEllipsisWithoutSplittingEscapeOrSurrogate()
    {
        var text = string.Concat(Enumerable.Repeat("*😀", 100));

        for (var max = 2; max < 60; max++)
        {
            var fitted = DiscordRenderer.EscapeFit(text, max);
            Assert.True(fitted.Length <= max, $"{fitted.Length} > {max}");
            Assert.EndsWith("…", fitted, StringComparison.Ordinal);
            var body = fitted[..^1];
            Assert.False(body.Length > 0 && char.IsHighSurrogate(body[^1]), "split surrogate pair");
            Assert.Equal(0, body.Reverse().TakeWhile(c => c == '\\').Count() % 2);
        }
    }

    [Fact]
    public void Fit_ShortText_IsUnchanged()
    {
        Assert.Equal("short", DiscordRenderer.Fit("short", 10));
        Assert.Equal("abcd…", DiscordRenderer.Fit("abcdefghij", 5));
    }

    [Fact]
    public void Render_HugeQuote_StaysWithinEveryEmbedLimit()
    {
        var huge = string.Concat(Enumerable.Repeat("*_", 5000));
        var source = new QuoteSource(new string('o', 3000), new string('t', 3000), "https://example.com/" + new string('u', 100), new DateOnly(2024, 1, 2));
        var context = new QuoteContext(huge, huge, huge, huge);
        var quote = MakeQuote(huge, new string('s', 500), source, context);

        foreach (var reply in new Reply[] { new QuoteCardReply(quote, "q", huge), new ContextReply(quote), new QuoteListReply(huge, Enumerable.Repeat(quote, 5).ToArray(), 0, true), new ReviewReply(quote, 150, huge) })
        {
            var message = _renderer.Render(reply);
            Assert.True((message.Content?.Length ?? 0) <= DiscordLimits.MessageContent);
            var embed = Assert.Single(message.Embeds);
            Assert.True((embed.Title?.Length ?? 0) <= DiscordLimits.EmbedTitle);
            Assert.True((embed.Description?.Length ?? 0) <= DiscordLimits.EmbedDescription);
            Assert.True((embed.Author?.Name.Length ?? 0) <= DiscordLimits.EmbedAuthorName);
            Assert.True((embed.Footer?.Text.Length ?? 0) <= DiscordLimits.EmbedFooterText);
            Assert.All(embed.Fields ?? [], f => Assert.True(f.Name.Length <= DiscordLimits.EmbedFieldName && f.Value.Length <= DiscordLimits.EmbedFieldValue));
            Assert.True(embed.TotalLength <= DiscordLimits.EmbedTotal, $"total {embed.TotalLength}");
            DiscordLimits.Validate(message.ToMessageCreate());
            DiscordLimits.Validate(InteractionResponse.Message(message.ToCallbackData()));
        }
    }

    [Fact]
    public void Render_Card_ShowsSpeakerSourceAndUrl()
    {
        var source = new QuoteSource("Daily Example", "Ports reopen", "https://example.com/ports", new DateOnly(2024, 5, 1));

        var message = _renderer.Render(new QuoteCardReply(MakeQuote("Ports reopen soon.", source: source)));

        var embed = message.Embeds[0];
        Assert.Equal("“Ports reopen soon.”", embed.Description);
        Assert.Equal("Mara Holt", embed.Author!.Name);
        Assert.Equal("https://example.com/ports", embed.Url);
        Assert.Equal("Ports reopen · Daily Example · 2024-05-01 · #42", embed.Footer!.Text);
        Assert.False(message.Ephemeral);
    }

    [Fact]
    public void Render_NonHttpSource_GivesNoUrlAndNoLinkButton()
    {
        var source = new QuoteSource(null, null, "javascript:alert(1)", null);

        var message = _renderer.Render(new QuoteCardReply(MakeQuote("Hi.", source: source)));

        Assert.Null(message.Embeds[0].Url);
        var buttons = message.Components.SelectMany(r => r.Components!).ToList();
        Assert.DoesNotContain(buttons, b => b.Url is not null);
        Assert.Equal(["Another", "Context"], buttons.Select(b => b.Label));
    }

    [Fact]
    public void Buttons_LongQuery_CustomIdsFitAndDecode()
    {
        var query = string.Concat(Enumerable.Repeat("ünïcödé ", 40));

        var rows = DiscordRenderer.Buttons(new QuoteListReply(query, [MakeQuote("x")], 5, true));

        var ids = rows.SelectMany(r => r.Components!).Select(b => b.CustomId!).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.InRange(id.Length, 1, ActionCodec.DiscordMaxChars));
        Assert.IsType<PageAction>(ActionCodec.Decode(ids[0]));
        Assert.Equal(10, ((PageAction)ActionCodec.Decode(ids[1])!).Offset);
    }

    [Theory]
    [InlineData(MessageKind.Usage, true)]
    [InlineData(MessageKind.Refused, true)]
    [InlineData(MessageKind.NotFound, true)]
    [InlineData(MessageKind.Info, true)]
    [InlineData(MessageKind.Success, false)]
    public void Render_Message_ErrorsAndRefusalsAreEphemeral(MessageKind kind, bool ephemeral)
    {
        var message = _renderer.Render(new MessageReply("text", kind));

        Assert.Equal(ephemeral, message.Ephemeral);
        Assert.Equal(ephemeral ? MessageFlags.Ephemeral : null, message.ToCallbackData().Flags);
    }

    [Fact]
    public void Payloads_EveryKind_CarryAllowedMentionsParseNone()
    {
        var message = _renderer.Render(new QuoteCardReply(MakeQuote("@everyone <@123> <@&456>")));

        Assert.Empty(message.ToCallbackData().AllowedMentions!.Parse);
        Assert.Empty(message.ToCallbackData(update: true).AllowedMentions!.Parse);
        Assert.Empty(message.ToMessageCreate().AllowedMentions!.Parse);
        Assert.Empty(message.ToMessageEdit().AllowedMentions!.Parse);
        Assert.Null(message.ToMessageEdit().AllowedMentions!.Users);
    }

    [Fact]
    public void List_LongQuote_IsCutAtAWordBoundary()
    {
        var text = "Budget " + string.Concat(Enumerable.Repeat("negotiations *continue* tomorrow, ", 12)) + "and beyond.";
        var embed = _renderer.Render(new QuoteListReply("budget", [MakeQuote(text, id: 1)], 0, false)).Embeds[0];

        var visible = Unescape(embed.Description!);
        var entry = visible[(visible.IndexOf('“', StringComparison.Ordinal) + 1)..];
        var shown = entry[..entry.IndexOf('”', StringComparison.Ordinal)];
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        var kept = shown[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.False(char.IsLetterOrDigit(text[kept.Length]), "cut inside a word");
        Assert.False(kept.EndsWith(',') || kept.EndsWith(' '), kept);
        Assert.True(embed.Description!.Length <= DiscordRenderer.ListLineChars + 20);
    }

    [Fact]
    public void ToCallbackData_Update_ClearsOldContentAndNeverSetsFlags()
    {
        var message = _renderer.Render(new QuoteListReply("q", [MakeQuote("x")], 0, false));

        var update = message.ToCallbackData(update: true);

        Assert.Equal(string.Empty, update.Content);
        Assert.Null(update.Flags);
        Assert.NotNull(update.Components);
    }

    [Fact]
    public void Render_Help_IsEphemeralAndMarksModeratorCommands()
    {
        var message = _renderer.Render(new HelpReply(QuoteCommands.Commands, "syntax"));

        Assert.True(message.Ephemeral);
        Assert.Contains("**/removequote**", message.Embeds[0].Description, StringComparison.Ordinal);
        Assert.Contains("*(moderators)*", message.Embeds[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Context_ShowsParagraphAndAudience()
    {
        var quote = MakeQuote("We stay.", context: new QuoteContext("The mayor said: we stay.", "Before it.", null, "the council"));

        var embed = _renderer.Render(new ContextReply(quote)).Embeds[0];

        Assert.Equal("the council", embed.Fields!.Single(f => f.Name == "Said to").Value);
        Assert.Equal("The mayor said: we stay.", embed.Fields!.Single(f => f.Name == "Paragraph").Value);
        Assert.DoesNotContain(embed.Fields!, f => f.Name == "After");
    }
}
