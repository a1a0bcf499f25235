using QuoteBot.Extraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>The paragraph list the loaders build (what List&lt;TextSpan&gt; was before).</summary>
public class TextSpanListTests
{
    [Fact]
    public void Add_PastCapacity_KeepsOrderForIndexAndEnumeration()
    {
        var list = new TextSpanList(1);
        var expected = Enumerable.Range(0, 50).Select(i => new TextSpan(i * 10, i * 10 + 7)).ToList();
        foreach (var s in expected)
        {
            list.Add(s);
        }

        Assert.Equal(50, list.Count);
        Assert.Equal(expected, Enumerable.Range(0, list.Count).Select(i => list[i]));
        Assert.Equal(expected, list);
    }

    [Fact]
    public void Index_OutsideTheItems_Throws()
    {
        var list = new TextSpanList(16);
        list.Add(new TextSpan(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
        Assert.Empty(new TextSpanList());
    }

    [Fact]
    public void PlainText_ParagraphsAreTheBlocksBetweenBlankLines()
    {
        const string text = "Ferry vote\n\nThe council met on Monday.\n\n\"We will keep the ferry,\" Mayor Ada Quill said.\n";
        var a = Article.FromPlainText("a.txt", text);
        Assert.Equal(["Ferry vote", "The council met on Monday.", "\"We will keep the ferry,\" Mayor Ada Quill said."],
            Enumerable.Range(0, a.Paragraphs.Count).Select(a.Paragraph));
        Assert.IsType<TextSpanList>(a.Paragraphs);
    }
}
