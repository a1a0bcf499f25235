using QuoteBot.Core.Model;
using QuoteBot.Core.Storage;
using QuoteBot.Extraction;

namespace QuoteBot.Host.Hosting;

/// <summary>The bundled sample articles, imported into an empty store on first start.</summary>
internal static class SampleCorpus
{
    /// <summary>Extracts and stores the sample articles; returns how many quotes were added (0 when the folder is missing).</summary>
    public static async Task<ImportReport?> LoadAsync(IQuoteStore store, string folder, DateTimeOffset now, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        return await ArticleImporter.ImportAsync([folder], store, Actor.System, now, progress: null, ct);
    }
}
