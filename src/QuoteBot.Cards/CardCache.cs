using System.Collections.Concurrent;
using QuoteBot.Core.Model;

namespace QuoteBot.Cards;

/// <summary>A rendered card with its version (a hash of what it shows), used as its HTTP ETag.</summary>
public sealed record Card(long QuoteId, string Version, byte[] Png);

/// <summary>
/// Renders cards through a bounded cache keyed by quote id and version, so an edited quote gets a new card at once and
/// a popular one is drawn once. Only active quotes are drawn: callers decide visibility first, and a removed quote is
/// refused here as well so a card can never outlive its quote through the cache.
/// </summary>
public sealed class CardCache
{
    private readonly CardRenderer _renderer;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<(long Id, string Version), Card> _cards = new();
    private readonly ConcurrentQueue<(long Id, string Version)> _order = new();

    public CardCache(CardRenderer renderer, int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _renderer = renderer;
        _capacity = capacity;
    }

    public int Count => _cards.Count;

    /// <summary>Renders how many cards were drawn (not served from the cache); for tests and the bench.</summary>
    public long Rendered => Interlocked.Read(ref _rendered);

    private long _rendered;

    public Card Get(Quote quote)
    {
        if (quote.Status != QuoteStatus.Active)
        {
            Forget(quote.Id);
            throw new InvalidOperationException($"Quote #{quote.Id} is not active; it has no card.");
        }

        var key = (quote.Id, CardRenderer.VersionOf(quote));
        if (_cards.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var card = new Card(quote.Id, key.Item2, _renderer.RenderPng(quote));
        Interlocked.Increment(ref _rendered);
        if (_cards.TryAdd(key, card))
        {
            Forget(quote.Id, except: key.Item2);
            _order.Enqueue(key);
            while (_cards.Count > _capacity && _order.TryDequeue(out var old))
            {
                _cards.TryRemove(old, out _);
            }
        }

        return card;
    }

    /// <summary>Drops every cached card of a quote (other than <paramref name="except"/>).</summary>
    public void Forget(long quoteId, string? except = null)
    {
        foreach (var key in _cards.Keys)
        {
            if (key.Id == quoteId && key.Version != except)
            {
                _cards.TryRemove(key, out _);
            }
        }
    }
}
