using System.Text;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Search;

namespace QuoteBot.Core.Tests.Commands;

public class ActionCodecTests
{
    public static TheoryData<ReplyAction> Actions() =>
    [
        new AnotherAction("speaker:zelensky territory"),
        new AnotherAction(string.Empty),
        new AnotherAction("harbour ports", 3),
        new AnotherAction("a:b", 10_000),
        new ContextAction(123456789),
        new PageAction("war -peace", 15),
    ];

    [Theory]
    [MemberData(nameof(Actions))]
    public void EncodeDecode_RoundTrips(ReplyAction action)
    {
        Assert.Equal(action, ActionCodec.Decode(ActionCodec.Encode(action)));
    }

    [Fact]
    public void Encode_LongUnicodeQuery_FitsTelegramLimitOnCharBoundary()
    {
        var data = ActionCodec.Encode(new PageAction(string.Concat(Enumerable.Repeat("territoire ukrainien 🇺🇦 ", 20)), 10));
        Assert.True(Encoding.UTF8.GetByteCount(data) <= ActionCodec.TelegramMaxBytes);
        Assert.IsType<PageAction>(ActionCodec.Decode(data));
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(data)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("c:abc")]
    [InlineData("p:x:q")]
    [InlineData("p:999999:q")]
    [InlineData("z:1")]
    [InlineData("m:0:q")]
    [InlineData("m:10001:q")]
    [InlineData("m:-1:q")]
    [InlineData("m:q")]
    public void Decode_ForgedOrOld_ReturnsNull(string? data)
    {
        Assert.Null(ActionCodec.Decode(data));
    }

    [Fact]
    public void Encode_AnotherWithoutRank_KeepsTheOldShortForm()
    {
        // Buttons sent before ranks existed ("n:query") still decode, as the best match.
        Assert.Equal("n:ports", ActionCodec.Encode(new AnotherAction("ports")));
        Assert.Equal(new AnotherAction("ports"), ActionCodec.Decode("n:ports"));
        Assert.Equal("m:2:ports", ActionCodec.Encode(new AnotherAction("ports", 2)));
    }

    [Fact]
    public void Encode_TypedQueryTooLongButCanonicalFits_RepeatsTheSameQuery()
    {
        // Typed with curly quotes, accents and emoji the query is over 64 bytes; folded it is the same query in fewer.
        const string typed = "speaker:“Łukasz Wójcik-Zieliński” “déjà vu” 😀😀😀 territory";
        var decoded = Assert.IsType<PageAction>(ActionCodec.Decode(ActionCodec.Encode(new PageAction(typed, 5))));

        var expected = QueryParser.Parse(typed).Query!;
        Assert.Equal(expected.ToCanonicalString(), QueryParser.Parse(decoded.Query).Query!.ToCanonicalString());
    }

    [Fact]
    public void Encode_TypedQueryThatFits_IsKeptAsTyped()
    {
        var decoded = Assert.IsType<AnotherAction>(ActionCodec.Decode(ActionCodec.Encode(new AnotherAction("speaker:\"Magda Vell\""))));
        Assert.Equal("speaker:\"Magda Vell\"", decoded.Query);
    }
}
