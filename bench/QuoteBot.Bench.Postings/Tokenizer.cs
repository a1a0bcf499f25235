using Microsoft.Data.Sqlite;
using QuoteBot.Storage.Sqlite;

namespace QuoteBot.Bench.Postings;

/// <summary>
/// The store's tokenizer (<see cref="Fts5Terms"/>: FTS5's <c>porter unicode61 remove_diacritics 2</c> found through
/// the connection's <c>fts5_api</c>), returning every token in order (positions) instead of summed frequencies. One
/// instance per thread: FTS5 tokenizer instances are not shared. Columns are indexed as the store's triggers index
/// them: apostrophes dropped from every column but the speaker key.
/// </summary>
internal sealed class Tokenizer : IDisposable
{
    /// <summary>Column weights, in the store's FTS column order: text, speaker, speaker key, source title.</summary>
    public static int[] Weights => Fts5Terms.Weights;

    private readonly SqliteConnection _connection;
    private readonly Fts5Terms _terms;

    public Tokenizer()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _terms = Fts5Terms.Open(_connection) ?? throw new InvalidOperationException("FTS5's porter tokenizer is not available in this SQLite build.");
    }

    /// <summary>The four indexed columns of a quote, as the store's triggers pass them to FTS5.</summary>
    public static string?[] Columns(string? text, string? speaker, string? speakerKey, string? title) =>
    [
        Indexed(text), Indexed(speaker), speakerKey, Indexed(title),
    ];

    private static string? Indexed(string? value) =>
        value?.Replace("'", "", StringComparison.Ordinal).Replace("\u2019", "", StringComparison.Ordinal);

    /// <summary>The tokens of one column, in order, as FTS5 indexes a document.</summary>
    public void Document(string? text, List<string> into)
    {
        if (string.IsNullOrEmpty(text))
        {
            into.Clear();
            return;
        }

        _terms.DocumentTokens(text, into);
    }

    /// <summary>The tokens FTS5 makes of a folded query word (usually one stem).</summary>
    public List<string> Query(string word) => _terms.QueryTokens(word);

    public void Dispose()
    {
        _terms.Dispose();
        _connection.Dispose();
    }
}
