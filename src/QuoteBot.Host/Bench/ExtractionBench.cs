using System.CommandLine;
namespace QuoteBot.Host.Bench;

internal static class ExtractionBench
{
    public static Command Create() => new("extract", "Measures extraction speed");
}
