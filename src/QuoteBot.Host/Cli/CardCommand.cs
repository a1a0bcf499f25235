using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QuoteBot.Cards;
using QuoteBot.Core.Commands;
using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Cli;

/// <summary><c>quotebot card &lt;id&gt; [--out file.png]</c>: draws a quote's card as a PNG file.</summary>
internal static class CardCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The quote's id, like 42 or #42" };
        var output = new Option<string?>("--out", "-o") { Description = "The PNG file to write (default quote-<id>.png)" };
        var cmd = new Command("card", "Draw a quote's card as a PNG image") { id, output };
        cmd.SetAction((parse, ct) => CliApp.WithStore(async sp =>
        {
            if (!QuoteCommands.TryParseId(parse.GetValue(id), out var n))
            {
                return CliApp.Fail("The id must be a quote number, like 42.");
            }

            var quote = await sp.GetRequiredService<IQuoteStore>().GetAsync(n, ct);
            if (quote is null)
            {
                return CliApp.Fail($"There is no quote #{n}.");
            }

            if (quote.Status != QuoteStatus.Active)
            {
                return CliApp.Fail($"Quote #{n} is removed; it has no card (restore it first).");
            }

            var path = parse.GetValue(output) ?? $"quote-{n}.png";
            if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                return CliApp.Fail("--out must name a .png file.");
            }

            var png = new CardRenderer().RenderPng(quote);
            var tmp = path + ".tmp";
            await File.WriteAllBytesAsync(tmp, png, ct);
            File.Move(tmp, path, overwrite: true);
            Console.Out.WriteLine($"Wrote the card of quote #{n} to {path} ({png.Length / 1024} KiB, {CardRenderer.Width}×{CardRenderer.Height}).");
            return 0;
        }, loadSample: true));
        return cmd;
    }
}
