using QuoteBot.Core.Text;

namespace QuoteBot.Extraction;

internal enum Gender : byte
{
    Unknown,
    Male,
    Female,
}

/// <summary>A person (or, rarely, a body) named in the article.</summary>
internal sealed class Entity
{
    public required int Id { get; init; }

    public required string Name { get; set; }

    public required string First { get; init; }

    public required string Last { get; init; }

    public int Tokens { get; set; }

    public Gender Gender { get; set; }

    public int FirstPos { get; init; }

    private HashSet<string>? _roles;

    /// <summary>Role words the article gives this person; added through <see cref="EntityRegistry.AddRole"/>. Made on first use.</summary>
    public HashSet<string> Roles => _roles ??= new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the person was given <paramref name="role"/> (case-insensitive), without making the set (most persons have no role word).</summary>
    public bool HasRoleWord(string role) => _roles is { } roles && roles.Contains(role);

    /// <summary>An unnamed person ("a woman", "one man"): a pronoun bound to it has no speaker name.</summary>
    public bool Anonymous { get; init; }

    /// <summary>Party letter from a tag or title ('D', 'R', 'I'; 0 when unknown): "the Kentucky Republican said".</summary>
    public char Party { get; set; }

    /// <summary>The state of a party/state tag as written ("Calif", "Ky", "N.Y", "Ohio").</summary>
    public string? State { get; set; }

    public int MaleVotes { get; set; }

    public int FemaleVotes { get; set; }

    /// <summary>The gender was only guessed from the spelling of the given name (session 19).</summary>
    public bool GenderFromSpelling { get; set; }

    /// <summary>Male minus female subject pronouns in the paragraph where the person is the sentence subject (session 19).</summary>
    public int NearVoteBalance { get; set; }
}

/// <summary>One place where an entity is named or speaks.</summary>
internal struct Mention
{
    public int Pos;
    public int Entity;
    public int Paragraph;
    public bool Subject;
    public bool Speaker;
}

/// <summary>A name as written: the name tokens after titles, plus what the titles say.</summary>
internal sealed class NameInfo
{
    /// <summary>A generational suffix after a surname ("Jr.", "III"), given folded and without its full stop.</summary>
    public static bool IsSuffix(string folded) => folded is "jr" or "sr" or "ii" or "iii" or "iv";

    public List<string> Parts { get; } = [];

    private List<string>? _titleWords;

    /// <summary>Title and role words written before the name, folded ("sen", "spokeswoman"); made on first use.</summary>
    public List<string> TitleWords => _titleWords ??= [];

    /// <summary>The title words read without making the list (most names have none).</summary>
    public ReadOnlySpan<string> TitleWordsSoFar => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_titleWords);

    public Gender Gender { get; set; }

    /// <summary><see cref="Gender"/> was only guessed from the given name's ending (session 19).</summary>
    public bool GenderFromSpelling { get; set; }

    public bool Honorific { get; set; }

    public bool Person { get; set; }

    public bool Possessive { get; set; }

    public int NameStart { get; set; }

    private string? _text;
    private int _textParts = -1;

    /// <summary>The name parts joined by spaces (made once for the parts as they stand).</summary>
    public string Text
    {
        get
        {
            if (_text is null || _textParts != Parts.Count)
            {
                _text = string.Join(' ', Parts);
                _textParts = Parts.Count;
            }

            return _text;
        }
    }
}

/// <summary>The people of one article: full names, short forms, genders, roles, and where each is mentioned.</summary>
internal sealed partial class EntityRegistry
{
    private readonly List<Entity> _entities = [];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    /// <summary>A registry that fills the given (empty) mention lists.</summary>
    public EntityRegistry(ValueList<Mention> mentions, ValueList<Mention> speakers)
    {
        Mentions = mentions;
        Speakers = speakers;
    }

    public ValueList<Mention> Mentions { get; }

    public ValueList<Mention> Speakers { get; }

    public Entity this[int id] => _entities[id];

    public int Count => _entities.Count;

    public static string Fold(string token) => TextFolding.FoldNameToken(token);

    /// <summary>Finds or adds the entity for a full name (two or more parts).</summary>
    private readonly Dictionary<string, string> _foldCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);

    private string FoldCached(string token)
    {
        if (!_foldCache.TryGetValue(token, out var f))
        {
            f = Fold(token);
            _foldCache[token] = f;
        }

        return f;
    }

    public int GetOrAddFull(NameInfo info, int pos)
    {
        var text = info.Text;
        if (_byText.TryGetValue(text, out var known))
        {
            Learn(_entities[known], info);
            return known;
        }

        var id = GetOrAddFullUncached(info, pos);
        _byText[text] = id;
        return id;
    }

    private int GetOrAddFullUncached(NameInfo info, int pos)
    {
        var first = FoldCached(info.Parts[0]);
        var last = FoldCached(info.Parts[^1]);
        if (info.Parts.Count > 1 && (NameInfo.IsSuffix(last) || ArticleScan.IsRomanSuffix(info.Parts[^1])))
        {
            last = FoldCached(info.Parts[^2]);
        }

        var key = first + " " + last;
        if (!_byKey.TryGetValue(key, out var id) && (id = LongerNameOf(info)) < 0) // session 17: "Nurul Izzah" after "Nurul Izzah binti Kamal"
        {
            id = _entities.Count;
            _entities.Add(new Entity { Id = id, Name = info.Text, First = first, Last = last, FirstPos = pos, Tokens = info.Parts.Count });
            _byKey[key] = id;
            if (info.Parts.Count >= 2)
            {
                _lastNames.Add(last);
                IndexShort(last, id);
                if (first != last)
                {
                    IndexShort(first, id);
                }
            }

            IndexLongName(info, id);
        }

        Learn(_entities[id], info);
        return id;
    }

    // Folded last names of the people named in full so far.
    private readonly HashSet<string> _lastNames = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="token"/> is the last name of a person already named in full.</summary>
    public bool IsKnownLastName(string token) => _lastNames.Count > 0 && _lastNames.Contains(FoldCached(token));

    public int AddSingle(NameInfo info, int pos)
    {
        var t = FoldCached(info.Parts[0]);
        var key = "=" + t + "|" + info.Gender;
        if (!_byKey.TryGetValue(key, out var id))
        {
            id = _entities.Count;
            _entities.Add(new Entity { Id = id, Name = info.Text, First = string.Empty, Last = t, FirstPos = pos, Tokens = 1 });
            _byKey[key] = id;
            if (!_singles.TryGetValue(t, out var ids))
            {
                ids = [];
                _singles[t] = ids;
            }

            ids.Add(id);
        }

        Learn(_entities[id], info);
        return id;
    }

    /// <summary>
    /// A one-word person already known ("Mr. Okafor" earlier, then "Okafor"): the single-name entity with that token and
    /// a compatible gender, the earliest first; -1 if none.
    /// </summary>
    public int FindSingle(string token, Gender hint)
    {
        if (_singles.Count == 0 || !_singles.TryGetValue(FoldCached(token), out var ids))
        {
            return -1;
        }

        // Ids ascending: the earliest compatible one.
        foreach (var id in ids)
        {
            if (Compatible(hint, _entities[id].Gender))
            {
                return id;
            }
        }

        return -1;
    }

    // One-word entities by folded token, ids ascending.
    private readonly Dictionary<string, List<int>> _singles = new(StringComparer.Ordinal);

    public int AddAnonymous(Gender gender, int pos)
    {
        var id = _entities.Count;
        _entities.Add(new Entity { Id = id, Name = string.Empty, First = string.Empty, Last = string.Empty, FirstPos = pos, Tokens = 0, Gender = gender, Anonymous = true });
        return id;
    }

    // Full-name entities by folded first name and by folded last name, ids ascending.
    private readonly Dictionary<string, List<int>> _byShort = new(StringComparer.Ordinal);

    private void IndexShort(string part, int id)
    {
        if (!_byShort.TryGetValue(part, out var ids))
        {
            ids = [];
            _byShort[part] = ids;
        }

        ids.Add(id);
    }

    // Entities by role word (case-insensitive), so that "the spokeswoman said" does not scan every person.
    private readonly Dictionary<string, List<int>> _byRole = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gives <paramref name="e"/> the role <paramref name="role"/> ("spokeswoman", "sen.").</summary>
    public void AddRole(Entity e, string role)
    {
        if (!e.Roles.Add(role))
        {
            return;
        }

        if (!_byRole.TryGetValue(role, out var ids))
        {
            ids = [];
            _byRole[role] = ids;
        }

        ids.Add(e.Id);
    }

    private void Learn(Entity e, NameInfo info)
    {
        if (e.Gender == Gender.Unknown && info.Gender != Gender.Unknown)
        {
            e.Gender = info.Gender;
            e.GenderFromSpelling = info.GenderFromSpelling;
        }

        foreach (var t in info.TitleWordsSoFar)
        {
            AddRole(e, t);
        }
    }

    /// <summary>
    /// Resolves a one-word name ("Zelenskyy", "Mrs. Trump") to a full name: same surname (or first name), compatible
    /// gender, introduced before <paramref name="pos"/> if possible; among several, the one introduced first.
    /// </summary>
    public int ResolveShort(string token, Gender hint, int pos)
    {
        var t = FoldCached(token);
        var best = -1;
        var bestScore = int.MinValue;
        if (!_byShort.TryGetValue(t, out var candidates))
        {
            return ResolveInnerPart(t, hint); // session 17: "Ruiz" after "Alejandro Ruiz Carvajal"
        }

        // Only the people whose first or last name is the token, in the order they were introduced.
        foreach (var cid in candidates)
        {
            var e = _entities[cid];
            if (e.Tokens < 2 || e.Anonymous)
            {
                continue;
            }

            var score = 0;
            if (e.Last == t)
            {
                score += 100;
            }
            else if (e.First == t)
            {
                score += 60;
            }
            else
            {
                continue;
            }

            if (hint != Gender.Unknown)
            {
                if (e.Gender == hint)
                {
                    score += 50;
                }
                else if (e.Gender != Gender.Unknown)
                {
                    continue;
                }
            }

            if (e.FirstPos < pos)
            {
                score += 20;
            }

            // Earlier introduction wins ties ("Trump" after both Donald and Melania are named is Donald).
            if (score > bestScore)
            {
                bestScore = score;
                best = e.Id;
            }
        }

        return best;
    }

    // Seats in a legislature, as the article may give them before or after a name.
    private static readonly string[] Legislators =
    [
        "lawmaker", "sen", "sen.", "senator", "rep", "rep.", "representative", "congressman", "congresswoman", "mp", "mep", "td",
        "msp", "mla", "mpp", "mk", "mna", "mha", "mlc", "deputy", "assemblyman", "assemblywoman", "assemblymember", "delegate",
        "del.", "legislator",
    ];

    private static readonly string[] Clergy =
    [
        "imam", "ayatollah", "mullah", "sheikh", "sheik", "shaikh", "rabbi", "bishop", "archbishop", "cardinal", "priest",
        "pastor", "rev", "rev.", "reverend", "father", "fr", "fr.", "mufti", "maulana", "hojatoleslam", "monsignor", "msgr",
        "msgr.", "vicar", "chaplain", "archdeacon", "canon",
    ];

    private static readonly string[] Councillors =
    [
        "councillor", "councilor", "cllr", "cllr.", "councilman", "councilwoman", "councilmember", "alderman", "alderwoman",
    ];

    private static readonly Dictionary<string, string[]> RoleSynonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["judge"] = ["justice"],
        ["justice"] = ["judge"],
        ["senator"] = ["sen", "sen."],
        ["governor"] = ["gov", "gov."],
        ["representative"] = ["rep", "rep."],
        ["congressman"] = ["rep", "rep.", "representative"],
        ["congresswoman"] = ["rep", "rep.", "representative"],
        ["lawmaker"] = Legislators,
        ["general"] = ["gen", "gen."],
        ["spokesperson"] = ["spokesman", "spokeswoman"],
        ["spokesman"] = ["spokesperson"],
        ["spokeswoman"] = ["spokesperson"],
        ["leader"] = ["premier", "chancellor", "president"],
        ["chief"] = ["director", "head"],
        ["official"] = ["officer"],
        ["professor"] = ["prof", "prof."],
        ["doctor"] = ["dr", "dr."],
        ["commissioner"] = ["commissioner"],
        ["boss"] = ["manager", "coach", "chief", "head", "director"],
        ["manager"] = ["boss", "coach"],

        // Session 14: the same job under another word ("defense attorney X" … "the defense lawyer said").
        ["lawyer"] = ["attorney", "counsel", "barrister", "solicitor"],
        ["attorney"] = ["lawyer", "counsel"],
        ["barrister"] = ["lawyer", "counsel"],
        ["solicitor"] = ["lawyer"],
        ["counsel"] = ["lawyer", "attorney", "barrister"],

        // Session 18 (s18-world): a general word for a job the article gave in its own terms, from how world news
        // names offices ("Sen. Grace Mutua" … "the legislator said"; "Fianna Fáil TD Aidan Foley" … "the deputy said";
        // "Lord Penrose" … "the peer said"; "Imam Hassan Rahimi" … "the cleric said").
        ["legislator"] = Legislators,
        ["parliamentarian"] = Legislators,
        ["politician"] = [.. Legislators, "minister", "mayor", "governor", "gov", "gov.", "premier", "councillor", "councilor", "cllr", "cllr."],
        ["deputy"] = ["td", "mp"],
        ["peer"] = ["lord", "baroness", "baron", "viscount", "earl", "countess"],
        ["monarch"] = ["king", "queen", "emir", "sultan", "emperor"],
        ["cleric"] = Clergy,
        ["clergyman"] = Clergy,
        ["churchman"] = Clergy,
        ["prelate"] = ["bishop", "archbishop", "cardinal", "monsignor", "msgr", "msgr."],
        ["priest"] = ["father", "fr", "fr.", "rev", "rev.", "reverend", "monsignor", "msgr", "msgr."],
        ["diplomat"] = ["ambassador", "envoy", "consul", "attaché"],
        ["envoy"] = ["ambassador"],
        ["ambassador"] = ["envoy"],
        ["commander"] = ["general", "gen", "gen.", "colonel", "col", "col.", "admiral", "adm", "adm.", "brigadier", "commodore", "marshal"],
        ["admiral"] = ["adm", "adm."],
        ["colonel"] = ["col", "col."],
        ["captain"] = ["capt", "capt."],
        ["lieutenant"] = ["lt", "lt."],
        ["sergeant"] = ["sgt", "sgt."],
        ["detective"] = ["det", "det.", "inspector", "insp", "insp.", "superintendent", "supt", "supt."],
        ["inspector"] = ["insp", "insp."],
        ["superintendent"] = ["supt", "supt."],
        ["councillor"] = Councillors,
        ["councilor"] = Councillors,
        ["magistrate"] = ["judge"],
        ["reverend"] = ["rev", "rev."],
        ["sheikh"] = ["sheik", "shaikh"],
    };

    /// <summary>
    /// General words for a job that session 18 lets stand for a more particular title ("the legislator" for "Sen. X"):
    /// when the article introduced someone unnamed with the word itself ("a senior diplomat … the diplomat said"), the
    /// word is that person, not a named holder of the particular title (<see cref="ArticleScan"/>'s guard).
    /// </summary>
    public static bool IsBroadRole(string role) => role is "legislator" or "parliamentarian" or "politician" or "deputy" or "peer"
        or "monarch" or "cleric" or "clergyman" or "churchman" or "prelate" or "priest" or "diplomat" or "envoy" or "ambassador"
        or "commander" or "detective" or "councillor" or "councilor" or "magistrate" or "lawmaker";

    /// <summary>Whether <paramref name="e"/> was given <paramref name="role"/> or one of its synonyms.</summary>
    public static bool HasRole(Entity e, string role)
    {
        if (e.HasRoleWord(role))
        {
            return true;
        }

        if (RoleSynonyms.TryGetValue(role, out var syns))
        {
            foreach (var s in syns)
            {
                if (e.HasRoleWord(s))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public int FindByRole(string role, int pos)
    {
        var found = FindByRoleExact(role, pos);
        if (found < 0 && RoleSynonyms.TryGetValue(role, out var syns))
        {
            foreach (var s in syns)
            {
                found = FindByRoleExact(s, pos);
                if (found >= 0)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>Whether anyone in the article was given the role <paramref name="role"/> ("Treasurer Nathan Okoro").</summary>
    public bool AnyWithRole(string role) => _byRole.ContainsKey(role);

    /// <summary>
    /// The first person introduced with <paramref name="role"/> (or a synonym) after <paramref name="pos"/> and before
    /// <paramref name="limit"/>: "The Premier has defended …" in a lede, "Premier Gus Whitely said" in the next paragraph.
    /// </summary>
    public int FindByRoleAfter(string role, int pos, int limit)
    {
        var found = FindByRoleAfterExact(role, pos, limit);
        if (found < 0 && RoleSynonyms.TryGetValue(role, out var syns))
        {
            foreach (var s in syns)
            {
                found = FindByRoleAfterExact(s, pos, limit);
                if (found >= 0)
                {
                    break;
                }
            }
        }

        return found;
    }

    private int FindByRoleAfterExact(string role, int pos, int limit)
    {
        var best = -1;
        var bestPos = int.MaxValue;
        if (!_byRole.TryGetValue(role, out var ids))
        {
            return -1;
        }

        foreach (var id in ids)
        {
            var e = _entities[id];
            if (!e.Anonymous && e.FirstPos > pos && e.FirstPos < limit && e.FirstPos < bestPos)
            {
                best = e.Id;
                bestPos = e.FirstPos;
            }
        }

        return best;
    }

    private int FindByRoleExact(string role, int pos)
    {
        var best = -1;
        var bestPos = int.MinValue;
        if (!_byRole.TryGetValue(role, out var ids))
        {
            return -1;
        }

        foreach (var id in ids)
        {
            // The latest introduced before pos; on a tie the lowest id, as a scan of all entities in order would give.
            var e = _entities[id];
            if (!e.Anonymous && e.FirstPos < pos && (e.FirstPos > bestPos || (e.FirstPos == bestPos && e.Id < best)))
            {
                best = e.Id;
                bestPos = e.FirstPos;
            }
        }

        return best;
    }

    public static bool Compatible(Gender want, Gender have) => want == Gender.Unknown || have == Gender.Unknown || want == have;
}
