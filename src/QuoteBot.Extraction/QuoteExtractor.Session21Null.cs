namespace QuoteBot.Extraction;

// Session 21 (s21-null): a narrow fallback for quotes the rules leave without a speaker, set from a measurement of every
// null outcome on the spent folders (see docs/extraction.md). Only a definite office-holder subject right at the cue
// ("…," the mayor said / said the commissioner / The Prime Minister said …) whom nobody in the article was given that
// office: it stands for the named person who spoke or opened a sentence in this paragraph or the one before, when that
// person holds no other office. Unnamed people ("the official", "the diplomat", "a spokesman"), offices with a
// qualifier ("the minister for local transport"), bodies ("the prime minister's office") and an office introduced
// unnamed stay null. One-line hook in Fill; nothing here allocates.
internal sealed partial class ArticleScan
{
    // Offices held by one named person in a story, whose definite form points back to that person. Deliberately not
    // the unnamed-source nouns (official, diplomat, aide, spokesman, source, reporter, delegate, staffer, adviser).
    private static readonly WordSet OfficeNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "mayor", "president", "premier", "minister", "senator", "governor", "secretary", "commissioner", "chancellor",
        "sheriff", "judge", "chairman", "chairwoman", "taoiseach", "congressman", "congresswoman", "treasurer",
        "rapporteur", "superintendent", "mayor-elect", "president-elect", "governor-elect", "premier-elect",
    };

    private static readonly string[] OfficeList = [.. OfficeNouns];

    /// <summary>
    /// The person a definite office subject at the cue stands for when the office was given to no one (see the file
    /// comment), or -1.
    /// </summary>
    private int OfficeHolderFallback(Para p, Token[] t, SubjectPhrase np, int cue, int pos)
    {
        if (np.Kind != SubjectKind.Role || np.Word is not { } role || cue < 0 || !OfficeNouns.Contains(role) || t != p.Tokens
            || !(np.A > 0 && Is(t[np.A - 1], "the") || Is(t[np.A], "the")) || t[np.B].Possessive)
        {
            return -1;
        }

        // The office phrase touches the cue: "the mayor said", "said the former senator", not "the minister for
        // local transport, asked about …, said" (a qualified office names someone new).
        var a = Is(t[np.A], "the") ? np.A : np.A - 1;
        if (!(np.B + 1 == cue || a == cue + 1) || (a == cue + 1 && !EndsInvertedSubject(t, np.B)))
        {
            return -1;
        }

        if (_reg.FindByRole(role, _text.Length) >= 0 || IntroducedUnnamed(p.Index, role, pos))
        {
            return -1; // someone holds the office (the older rules' case), or it was introduced as "a minister"
        }

        var id = Recent(pos, p.Index - 1, RecentFilter.NamedSpeakerOrSubjectOfCompatibleGender, RoleGender(role));
        if (id < 0 || _reg[id].Anonymous || _reg[id].Tokens < 2)
        {
            return -1;
        }

        // A person known by another office ("Sen. Ward", "Mayor Quint") is not this office's holder.
        if (OfficeNamedBeforeParagraphOf(_reg[id].FirstPos, role))
        {
            return -1; // "the Treasurer said" in the lede, long before this person came in: an unnamed office-holder
        }

        if (!EntityRegistry.HasRole(_reg[id], role))
        {
            foreach (var other in OfficeList)
            {
                if (_reg[id].HasRoleWord(other))
                {
                    return -1;
                }
            }
        }

        return id;
    }

    /// <summary>
    /// Whether the office word was written in a body paragraph before the one where the text position
    /// <paramref name="firstPos"/> (a person's first mention) lies: the office was in the story before that person.
    /// </summary>
    private bool OfficeNamedBeforeParagraphOf(int firstPos, string role)
    {
        for (var pi = _article.HeadlineParagraphs; pi < _paras.Length && _paras[pi].End <= firstPos; pi++)
        {
            var t = _paras[pi].Tokens;
            for (var k = 0; k < t.Length; k++)
            {
                if (t[k].Kind == TokKind.Word && Is(t[k], role))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
