using System.Text;
using QuoteBot.Host.Cli;

namespace QuoteBot.Host.Tests.Cli;

/// <summary>The JSON writer's byte buffer in `quotebot extract --json` (what ArrayBufferWriter did before).</summary>
public class ByteBufferTests
{
    [Fact]
    public void Write_PastCapacity_KeepsEveryByteInOrder()
    {
        var buffer = new ExtractCommand.ByteBuffer(4);
        var expected = new List<byte>();
        for (var i = 0; i < 300; i++)
        {
            var piece = Encoding.UTF8.GetBytes($"piece {i};");
            buffer.Write(piece);
            expected.AddRange(piece);
        }

        Assert.Equal(expected.Count, buffer.WrittenCount);
        Assert.Equal(expected.ToArray(), buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void GetSpan_GivesAtLeastTheHint_AndAdvanceCommitsOnlyWhatWasWritten()
    {
        var buffer = new ExtractCommand.ByteBuffer(2);
        buffer.Write("ab"u8);
        Assert.True(buffer.GetSpan(0).Length >= 1);
        var span = buffer.GetSpan(10);
        Assert.True(span.Length >= 10);
        "cdef"u8.CopyTo(span);
        buffer.Advance(3);
        Assert.Equal(5, buffer.WrittenCount);
        Assert.Equal("abcde", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Advance_PastTheFreeSpace_Throws_AndClearEmpties()
    {
        var buffer = new ExtractCommand.ByteBuffer(8);
        var free = buffer.GetSpan().Length;
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(free + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.GetSpan(-1));
        buffer.Write("xyz"u8);
        buffer.Clear();
        Assert.Equal(0, buffer.WrittenCount);
        buffer.Write("q"u8);
        Assert.Equal("q", Encoding.ASCII.GetString(buffer.WrittenSpan));
        var memory = buffer.GetMemory(100);
        Assert.True(memory.Length >= 100);
        Assert.Equal("q", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }
}
