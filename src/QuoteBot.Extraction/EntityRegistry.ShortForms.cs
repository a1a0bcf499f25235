namespace QuoteBot.Extraction;

// Session 17 (s17-names): how a long name is shortened on later mention in naming cultures other than the English
// "given name + surname". A Spanish or Portuguese double surname is shortened to its first surname ("Alejandro Ruiz
// Carvajal" → "Ruiz"), a Malay or Arab patronymic name to the given names before "binti"/"bin" ("Nurul Izzah binti
// Kamal" → "Nurul Izzah"), a long name to any run of its parts ("Aung San Suu Kyi" → "Suu Kyi"). The base registry
// knows only a name's first and last part; these two look-ups are its fallbacks, used only when it finds nobody.
internal sealed partial class EntityRegistry
{
    // People named with three or more parts (no suffix), their parts folded, in the order they were introduced, with
    // the number of given names before a lower-case particle part ("binti Kamal", "bin Rashid"; 0 when none).
    private List<(int Id, string[] Parts, int Given)>? _longNames;

    /// <summary>Remembers a name of three or more parts ("Maria Fernanda Olmedo Quiroga") for its later short forms.</summary>
    private void IndexLongName(NameInfo info, int id)
    {
        var n = info.Parts.Count;
        if (n < 3 || NameInfo.IsSuffix(FoldCached(info.Parts[^1])) || ArticleScan.IsRomanSuffix(info.Parts[^1]))
        {
            return;
        }

        var parts = new string[n];
        var given = 0;
        for (var i = 0; i < n; i++)
        {
            parts[i] = FoldCached(info.Parts[i]);
            if (given == 0 && i > 0 && char.IsLower(info.Parts[i][0]))
            {
                given = i;
            }
        }

        (_longNames ??= []).Add((id, parts, given));
    }

    /// <summary>
    /// A name of two or more parts that ends an earlier, longer name ("Ruiz Carvajal" after "Alejandro Ruiz Carvajal",
    /// "Suu Kyi" after "Aung San Suu Kyi") or is all its given names before a patronymic particle ("Nurul Izzah" after
    /// "Nurul Izzah binti Kamal"): that person (the one introduced first); else -1. A run at the start of a name with
    /// no particle is not enough ("Ines Castell" is not the headline run "Ines Castell Opens Session").
    /// </summary>
    private int LongerNameOf(NameInfo info)
    {
        if (_longNames is null || info.Parts.Count < 2)
        {
            return -1;
        }

        var n = info.Parts.Count;
        foreach (var (id, parts, given) in _longNames)
        {
            if (parts.Length <= n || !Compatible(info.Gender, _entities[id].Gender))
            {
                continue;
            }

            foreach (var s in (ReadOnlySpan<int>)[parts.Length - n, given == n ? 0 : -1])
            {
                if (s < 0)
                {
                    continue;
                }

                var all = true;
                for (var i = 0; i < n && all; i++)
                {
                    all = parts[s + i] == FoldCached(info.Parts[i]);
                }

                if (all)
                {
                    return id;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// A one-word name that is an inner part of an earlier long name ("Ruiz" after "Alejandro Ruiz Carvajal",
    /// "Olmedo" after "Maria Fernanda Olmedo Quiroga"): that person, when no first or last name matched; else -1.
    /// </summary>
    private int ResolveInnerPart(string folded, Gender hint)
    {
        if (_longNames is null)
        {
            return -1;
        }

        foreach (var (id, parts, _) in _longNames)
        {
            for (var i = 1; i < parts.Length - 1; i++)
            {
                if (parts[i] == folded && parts[i].Length > 1 && Compatible(hint, _entities[id].Gender))
                {
                    return id;
                }
            }
        }

        return -1;
    }
}
