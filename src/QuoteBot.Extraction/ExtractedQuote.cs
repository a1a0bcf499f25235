namespace QuoteBot.Extraction;

/// <summary>
/// One contiguous quoted span found in an article. <see cref="Start"/>/<see cref="End"/> are UTF-16 offsets into
/// <see cref="Article.Text"/> with <c>Text == article.Text[Start..End]</c>. Spans of one utterance (a quote split by
/// its attribution, or running over several paragraphs) share <see cref="Group"/>.
/// </summary>
public sealed record ExtractedQuote
{
    public required string Text { get; init; }

    /// <summary>Full name of the speaker as used in the article, or null when it cannot be found.</summary>
    public string? Speaker { get; init; }

    /// <summary>Whether <see cref="Speaker"/> is a person, an organisation or outlet ("the IMF"), or a group ("protesters").</summary>
    public SpeakerKind SpeakerKind { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    /// <summary>The reporting verb or phrase that attributes the quote ("said", "told", "according to"), if any.</summary>
    public string? Cue { get; init; }

    /// <summary>Index of the paragraph in <see cref="Article.Paragraphs"/>.</summary>
    public required int Paragraph { get; init; }

    /// <summary>Whom the speaker addressed ("told Rob Schmitt").</summary>
    public string? Audience { get; init; }

    /// <summary>Quotes of one utterance share a group number (unique within the article).</summary>
    public required int Group { get; init; }

    /// <summary>How the speaker was found (for diagnostics): "tail", "head", "colon", "previous", "continuation", ...</summary>
    public string? Method { get; init; }
}

/// <summary>What kind of speaker an <see cref="ExtractedQuote"/> has.</summary>
public enum SpeakerKind
{
    /// <summary>No speaker was found.</summary>
    None,

    /// <summary>A named person.</summary>
    Person,

    /// <summary>An organisation, outlet, body or document speaking as one ("The Times reports", "the IMF report stated").</summary>
    Organisation,

    /// <summary>A crowd or group ("protesters chanted").</summary>
    Group,
}
