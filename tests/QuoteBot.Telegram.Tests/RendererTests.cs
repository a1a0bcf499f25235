using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Search;
using QuoteBot.Core.Text;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Telegram.Tests;

public sealed class RendererTests
{
    private readonly TelegramRenderer _renderer = new();

    private static Quote Q(string text, string? speaker = "Ada", string? url = null, string? title = null, QuoteContext? context = null, long id = 7) => new()
    {
        Id = id,
        Text = text,
        Speaker = speaker,
        SpeakerKey = TextFolding.SpeakerKey(speaker),
        Source = new QuoteSource(url is null ? null : "Example <Times>", title, url, url is null ? null : new DateOnly(2024, 3, 1)),
        Context = context,
        AddedBy = "system",
        AddedAt = DateTimeOffset.UnixEpoch,
        DedupeKey = TextFolding.DedupeKey(text, speaker),
    };

    private static string Visible(string html)
    {
        var parsed = TelegramHtmlChecker.Parse(html);
        Assert.Null(parsed.Error);
        return parsed.Text!;
    }

    [Theory]
    [InlineData("<b>&*_[]()~>#+-=|{}.!")]
    [InlineData("&lt; is not <")]
    [InlineData("</b></i><a href=\"x\">")]
    [InlineData("&#65; &amp;amp; \"quoted\" 'single'")]
    [InlineData("emoji 😀 and ünïcödé")]
    public void Card_WithMarkupInText_RoundTripsExactly(string text)
    {
        var html = _renderer.Render(new QuoteCardReply(Q(text, speaker: text))).Html;
        var visible = Visible(html);
        Assert.Contains("“" + text + "”", visible);
        Assert.Contains("— " + text, visible);
    }

    [Fact]
    public void Card_ShowsSpeakerAudienceSourceDateAndId()
    {
        var q = Q("It works", url: "https://news.example/x?a=1&b=2", title: "Big <news>", context: new QuoteContext("p", Audience: "the council"));
        var message = _renderer.Render(new QuoteCardReply(q, Note: "Added as #7."));
        var visible = Visible(message.Html);
        Assert.Equal("Added as #7.\n\n“It works”\n— Ada, the council\nExample <Times> · Big <news> · 1 Mar 2024\n#7", visible);
        Assert.Contains("href=\"https://news.example/x?a=1&amp;b=2\"", message.Html);
        Assert.Equal("https://news.example/x?a=1&b=2", message.LinkPreview.Url);
        Assert.False(message.LinkPreview.IsDisabled);
    }

    [Fact]
    public void Card_WithoutSource_DisablesLinkPreview()
    {
        var message = _renderer.Render(new QuoteCardReply(Q("Plain https://evil.example/ link")));
        Assert.True(message.LinkPreview.IsDisabled);
        Assert.DoesNotContain("<a ", message.Html);
    }

    [Fact]
    public void Card_WithNonHttpSource_HasNoLinkAndNoSourceButton()
    {
        var message = _renderer.Render(new QuoteCardReply(Q("x", url: "javascript:alert(1)", title: "T")));
        Assert.DoesNotContain("href", message.Html);
        Assert.True(message.LinkPreview.IsDisabled);
        Assert.DoesNotContain(message.Keyboard!.InlineKeyboard.SelectMany(r => r), b => b.Text == "Source");
    }

    [Fact]
    public void Card_WithVeryLongQuote_IsCutWithEllipsisAndKeepsSourceLink()
    {
        var text = string.Concat(Enumerable.Repeat("word & <tag> ", 800));
        var message = _renderer.Render(new QuoteCardReply(Q(text, url: "https://news.example/long", title: "Long read")));
        var visible = Visible(message.Html);
        Assert.True(visible.Length <= 4096, $"visible length {visible.Length}");
        Assert.True(visible.Length > 4000, $"visible length {visible.Length}");
        Assert.Contains("…”", visible);
        Assert.Contains("<a href=\"https://news.example/long\">Long read</a>", message.Html);
        Assert.EndsWith("#7", visible);
    }

    [Fact]
    public void Card_CutNeverSplitsSurrogatePair()
    {
        var text = new string('a', 4061) + string.Concat(Enumerable.Repeat("😀", 100));
        var visible = Visible(_renderer.Render(new QuoteCardReply(Q(text))).Html);
        Assert.True(visible.Length <= 4096);
        for (var i = 0; i < visible.Length; i++)
        {
            if (char.IsHighSurrogate(visible[i]))
            {
                Assert.True(i + 1 < visible.Length && char.IsLowSurrogate(visible[i + 1]));
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(visible[i]));
            }
        }
    }

    [Fact]
    public void Context_ShowsTrimmedNeighboursParagraphInBoldQuoteAndSource()
    {
        var before = string.Concat(Enumerable.Repeat("Earlier sentence. ", 100)) + "Just before.";
        var after = "Right after. " + string.Concat(Enumerable.Repeat("Later sentence. ", 100));
        var q = Q("we <will> see", url: "https://news.example/ctx", title: "Ctx", context: new QuoteContext("She said we <will> see and smiled.", before, after, "reporters"));
        var message = _renderer.Render(new ContextReply(q));
        var visible = Visible(message.Html);
        Assert.Contains("She said we <will> see and smiled.", visible);
        Assert.Contains("<b>we &lt;will&gt; see</b>", message.Html);
        Assert.Contains("…", visible);
        Assert.Contains("Just before.", visible);
        Assert.Contains("Right after.", visible);
        Assert.True(visible.Length < before.Length + after.Length);
        Assert.Contains("href=\"https://news.example/ctx\"", message.Html);
        Assert.Equal(["Another", "Source"], message.Keyboard!.InlineKeyboard.SelectMany(r => r).Select(b => b.Text));
    }

    [Fact]
    public void Context_WithHugeParagraph_StaysWithinLimitAndKeepsLink()
    {
        var paragraph = string.Concat(Enumerable.Repeat("blah ", 3000)) + "the quote" + string.Concat(Enumerable.Repeat(" more", 3000));
        var q = Q("the quote", url: "https://news.example/big", title: "Big", context: new QuoteContext(paragraph, paragraph, paragraph));
        var message = _renderer.Render(new ContextReply(q));
        var visible = Visible(message.Html);
        Assert.True(visible.Length <= 4096);
        Assert.Contains("the quote", visible);
        Assert.Contains("href=\"https://news.example/big\"", message.Html);
    }

    [Fact]
    public void Review_WithHugeTextAndParagraph_StaysWithinLimit_KeepsLinkAndButtonsInRows()
    {
        var paragraph = string.Concat(Enumerable.Repeat("<b>blah</b> & ", 2000));
        var q = Q(string.Concat(Enumerable.Repeat("said <i>", 900)), url: "https://news.example/big", title: "Big <one>", context: new QuoteContext(paragraph));
        var message = _renderer.Render(new ReviewReply(q, 150, "Approved #6: it answers /quote now."));
        var visible = Visible(message.Html);
        Assert.True(visible.Length <= TelegramRenderer.MaxMessageLength);
        Assert.StartsWith("Approved #6: it answers /quote now.", visible);
        Assert.Contains("#7 · 100+ more wait for review.", visible);
        Assert.Contains("href=\"https://news.example/big\"", message.Html);
        var rows = message.Keyboard!.InlineKeyboard.Select(r => r.Select(b => b.Text).ToArray()).ToArray();
        Assert.Equal([["Approve", "Reject"], ["Fix speaker"], ["Approve all from this article"], ["Source"]], rows);
        Assert.All(message.Keyboard.InlineKeyboard.SelectMany(r => r).Where(b => b.CallbackData is not null), b => Assert.True(Encoding.UTF8.GetByteCount(b.CallbackData!) <= 64));
    }

    [Fact]
    public void Context_WithoutStoredContext_SaysSo()
    {
        var visible = Visible(_renderer.Render(new ContextReply(Q("Alone"))).Html);
        Assert.Contains("No surrounding text is stored", visible);
    }

    [Fact]
    public void List_RendersItemsAndPagingButtons()
    {
        var items = Enumerable.Range(6, 5).Select(i => Q($"Item <{i}>", "S" + i, id: i)).ToArray();
        var message = _renderer.Render(new QuoteListReply("x & y", items, 5, HasMore: true));
        var visible = Visible(message.Html);
        Assert.StartsWith("Results 6–10 for x & y", visible);
        Assert.Contains("#8 “Item <8>” — S8", visible);
        Assert.True(message.LinkPreview.IsDisabled);
        var buttons = message.Keyboard!.InlineKeyboard.SelectMany(r => r).ToArray();
        Assert.Equal(["Previous", "Next"], buttons.Select(b => b.Text));
        Assert.Equal(new PageAction("x & y", 0), ActionCodec.Decode(buttons[0].CallbackData));
        Assert.Equal(new PageAction("x & y", 10), ActionCodec.Decode(buttons[1].CallbackData));
    }

    [Fact]
    public void List_LongQuote_IsCutAtAWordBoundary()
    {
        var text = "Budget " + string.Concat(Enumerable.Repeat("negotiations <continue> tomorrow, ", 12)) + "and beyond.";
        var visible = Visible(_renderer.Render(new QuoteListReply("budget", [Q(text)], 0, HasMore: false)).Html);

        var entry = visible[(visible.IndexOf("#7 “", StringComparison.Ordinal) + 4)..];
        var shown = entry[..entry.IndexOf('”', StringComparison.Ordinal)];
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        var kept = shown[..^1];
        Assert.StartsWith(kept, text, StringComparison.Ordinal);
        Assert.False(char.IsLetterOrDigit(text[kept.Length]), "cut inside a word");
        Assert.False(kept.EndsWith(',') || kept.EndsWith(' '), kept);
    }

    [Fact]
    public void Help_EscapesArgumentPlaceholders()
    {
        var commands = QuoteCommands.Commands;
        var visible = Visible(_renderer.Render(new HelpReply(commands, "word \"phrase\" speaker:name -word #id")).Html);
        Assert.Contains("/quotes <query> — ", visible);
        Assert.Contains("/removequote <id> — Remove a quote (it can be restored) (moderators)", visible);
        Assert.Contains("speaker:name", visible);
    }

    [Fact]
    public void Message_IsEscapedAndCut()
    {
        var visible = Visible(_renderer.Render(new MessageReply("Nothing matched “<script>&”.")).Html);
        Assert.Equal("Nothing matched “<script>&”.", visible);
        var longVisible = Visible(_renderer.Render(new MessageReply(new string('x', 5000))).Html);
        Assert.Equal(4096, longVisible.Length);
        Assert.EndsWith("…", longVisible);
    }

    [Fact]
    public void Keyboard_CallbackDataFitsIn64BytesForLongUnicodeQueries()
    {
        var query = string.Concat(Enumerable.Repeat("Привет мир 😀 ", 20));
        var card = new QuoteCardReply(Q("x", url: "https://news.example/"), query);
        var buttons = TelegramRenderer.Keyboard(card)!.InlineKeyboard.SelectMany(r => r).ToArray();
        foreach (var b in buttons.Where(b => b.CallbackData is not null))
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(b.CallbackData!), 1, 64);
            Assert.NotNull(ActionCodec.Decode(b.CallbackData));
        }

        var another = Assert.IsType<AnotherAction>(ActionCodec.Decode(buttons[0].CallbackData));
        // Too long as typed: the button carries the same query in its shorter canonical form.
        Assert.Equal(QueryParser.Parse(query).Query!.ToCanonicalString(), QueryParser.Parse(another.Query).Query!.ToCanonicalString());
        Assert.Equal(new ContextAction(7), ActionCodec.Decode(buttons[1].CallbackData));
        Assert.Equal("https://news.example/", buttons[2].Url);
    }

    [Fact]
    public void InlineResult_HasSpeakerTitleQuoteDescriptionAndCard()
    {
        var q = Q(string.Concat(Enumerable.Repeat("Long <quote> ", 30)), speaker: "Grace <H>", url: "https://news.example/i");
        var result = _renderer.InlineResult(q);
        Assert.Equal("7", result.Id);
        Assert.Equal("Grace <H>", result.Title);
        Assert.StartsWith("Long <quote> Long", result.Description);
        Assert.True(result.Description!.Length <= 120);
        var content = Assert.IsType<global::Telegram.Bot.Types.InlineQueryResults.InputTextMessageContent>(result.InputMessageContent);
        Assert.Contains("— Grace <H>", Visible(content.MessageText));
        Assert.Equal("https://news.example/i", content.LinkPreviewOptions!.Url);
    }

    [Fact]
    public void CallbackText_IsCutTo200()
    {
        Assert.Equal(200, TelegramRenderer.CallbackText(new MessageReply(new string('y', 500))).Length);
    }

    [Theory]
    [InlineData("<i>bad</b>")]
    [InlineData("<script>x</script>")]
    [InlineData("a & b")]
    [InlineData("&nbsp;")]
    [InlineData("<b>open")]
    [InlineData("1 > 0")]
    [InlineData("<span>x</span>")]
    public void FakeServerChecker_RejectsWhatTelegramRejects(string html)
    {
        Assert.NotNull(TelegramHtmlChecker.Parse(html).Error);
    }

    [Theory]
    [InlineData("<b>a</b> <strong>b</strong> <i>c</i> <em>d</em> <u>e</u> <ins>f</ins> <s>g</s> <strike>h</strike> <del>i</del>", "a b c d e f g h i")]
    [InlineData("<a href=\"https://x.example/?a=1&amp;b=2\">l</a> <code>c</code> <pre>p</pre> <blockquote>q</blockquote>", "l c p q")]
    [InlineData("<tg-spoiler>s</tg-spoiler><span class=\"tg-spoiler\">t</span> &lt;&gt;&amp;&quot;&#65;&#x42;", "st <>&\"AB")]
    public void FakeServerChecker_AcceptsAllowedMarkup(string html, string visible)
    {
        Assert.Equal(visible, TelegramHtmlChecker.Parse(html).Text);
    }
}
