namespace QuoteBot.Extraction;

/// <summary>Word lists behind attribution: reporting verbs, titles, role nouns, first names by gender, stop words.</summary>
internal static partial class Lexicon
{
    // Reporting verbs, base forms. Inflections (-s, -ed, -ing) are generated; irregular forms are listed below.
    private static readonly string[] CueVerbs =
    [
        "say", "tell", "add", "acknowledge", "continue", "warn", "insist", "argue", "tweet", "write", "explain",
        "claim", "declare", "announce", "assert", "maintain", "contend", "stress", "emphasize", "emphasise", "observe",
        "remark", "reply", "respond", "ask", "wonder", "suggest", "predict", "pledge", "vow", "admit", "concede",
        "confirm", "deny", "recall", "reveal", "describe", "urge", "complain", "lament", "boast", "brag", "joke", "quip",
        "exclaim", "shout", "scream", "yell", "whisper", "mutter", "caution", "advise", "conclude", "repeat",
        "reiterate", "echo", "counter", "retort", "rebut", "allege", "blast", "slam", "criticize", "criticise", "praise",
        "hail", "tout", "thank", "apologize", "apologise", "concur", "agree", "disagree", "dispute", "testify", "inform",
        "assure", "reassure", "proclaim", "muse", "mention", "speculate", "recount", "relate", "characterize",
        "characterise", "dub", "label", "brand", "posit", "theorize", "surmise", "reason", "confess", "beg", "implore",
        "challenge", "threaten", "hint", "indicate", "underscore", "underline", "highlight", "remember", "elaborate",
        "clarify", "interject", "interrupt", "chime", "fume", "rage", "gush", "enthuse", "marvel", "sigh", "laugh",
        "chuckle", "sob", "affirm", "reaffirm", "attest", "swear", "vouch", "guarantee", "forecast", "opine",
        "summarize", "summarise", "volunteer", "chide", "scold", "rebuke", "mock", "ridicule", "taunt", "tease", "snap",
        "snarl", "growl", "bark", "thunder", "roar", "speak", "state", "note", "comment", "call", "demand", "promise",
        "report", "post", "answer", "question", "charge", "accuse", "protest", "plead", "estimate", "joke", "share",
        "text", "email", "message", "recommend", "propose", "signal", "point", "go", "cry", "bemoan", "decry",
        "denounce", "condemn", "lash", "rail", "vent", "quote", "cite", "announce", "acknowledge", "grumble", "scoff",
        "sneer", "plead", "tout", "trumpet", "fire", "hit", "shoot", "push", "press", "pen", "publish", "broadcast",
        "stated", "exult", "crow", "rant", "rave", "stammer", "stutter", "murmur", "gasp", "grunt", "hiss", "moan",
        "groan", "lecture", "preach", "pronounce", "recite", "read", "relay", "reflect", "concede", "emphasize",
        "submit", "interpose", "begin", "start", "finish", "end", "close", "open", "sum", "put", "offer", "hedge",
        "rationalize", "justify", "defend", "spell", "outline", "insinuate", "imply", "retweet", "livestream", "wrap",
        "chant", "sing", "scrawl", "inscribe", "attack", "lambaste", "deride", "dismiss", "remind",
    ];

    // Bases whose bare and -s forms are mostly nouns or other verbs: only -ed/-ing forms (and irregular pasts) count.
    private static readonly HashSet<string> InflectedOnly = new(WorldLexicon.InflectedOnly, StringComparer.Ordinal)
    {
        "state", "note", "comment", "call", "demand", "promise", "report", "post", "answer", "question", "charge",
        "protest", "plead", "estimate", "joke", "share", "text", "email", "message", "signal", "point", "go", "cry",
        "quote", "cite", "fire", "hit", "shoot", "push", "press", "pen", "publish", "broadcast", "counter", "label",
        "brand", "echo", "reason", "challenge", "highlight", "vent", "rail", "lash", "rage", "sum", "put", "offer",
        "hedge", "spell", "outline", "defend", "begin", "start", "finish", "end", "close", "open", "read", "wrap",
        "speak", "relate", "volunteer", "thunder", "roar", "bark", "snap", "crow", "rave", "rant", "reflect", "relay",
        "submit", "sigh", "laugh", "cry", "sob", "gasp", "grunt", "hiss", "moan", "groan", "lecture", "preach",
        "present", "marvel", "interrupt", "tease", "mock", "taunt", "trumpet", "tout", "tweet", "retweet", "livestream",
        "continue", "observe", "remember", "recall", "praise", "hail", "blast", "slam", "thank",
        "dispute", "guarantee", "forecast", "vow", "pledge", "reply", "deny", "claim", "attack", "lambaste", "deride",
        "dismiss",
    };

    private static readonly string[] IrregularCues =
    [
        "said", "says", "saying", "told", "tells", "telling", "wrote", "written", "writes", "writing", "spoke",
        "spoken", "went", "goes", "swore", "sworn", "shot", "began", "begun", "read", "put", "hit", "broadcast",
        "forecast", "according", "quoted", "cited", "asks", "adds", "tweets", "continues", "claims", "vows", "pledges",
        "replies", "denies", "recalls", "remembers", "observes", "tells", "notes",
    ];

    // Cue forms that introduce a subject after them (participles have no subject of their own).
    public static readonly WordSet Cues = new(BuildCues(), StringComparer.OrdinalIgnoreCase);

    private static readonly WordSet NeedsParticle = new(WorldLexicon.NeedsParticle, StringComparer.OrdinalIgnoreCase)
    {
        // "went on", "pointed out", "fired back", "hit back", "shot back", "chimed in", "weighed in", "lashed out",
        // "railed against", "summed up", "spelled out", "wrapped up", "put it", "opened", "closed" ...
        "went", "goes", "going", "gone", "pointed", "pointing", "points", "fired", "firing", "hit", "hitting", "shot",
        "shooting", "chimed", "chiming", "lashed", "lashing", "railed", "railing", "summed", "summing", "spelled",
        "spelling", "wrapped", "wrapping", "put", "putting", "pushed", "pushing", "pressed", "pressing", "began",
        "begun", "beginning", "started", "starting", "finished", "finishing", "ended", "ending", "closed", "closing",
        "opened", "opening", "read", "reading", "offered", "offering", "vented", "venting", "outlined", "outlining",
        "defended", "defending", "pens", "penned", "penning", "published", "publishing", "broadcast", "broadcasting",
        "cried", "crying", "hedged", "hedging", "reflected", "reflecting", "relayed", "relaying", "submitted",
        "submitting", "cited", "citing", "quoted", "quoting", "spoke", "spoken", "speaking",
    };

    public static readonly WordSet Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "out", "back", "in", "up", "against", "it", "off",
    };

    private static HashSet<string> BuildCues()
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var w in IrregularCues.Concat(WorldLexicon.IrregularCues))
        {
            set.Add(w);
        }

        var doubled = new HashSet<string>(StringComparer.Ordinal)
        {
            "admit", "quip", "rebut", "slam", "concur", "dub", "sob", "snap", "chat", "submit", "plan", "pen", "shoot", "hit",
            "put", "begin", "sum", "wrap", "abet", "regret", "compel", "repel", "commit", "omit", "refer", "confer",
        };
        foreach (var b in CueVerbs.Concat(WorldLexicon.CueVerbs))
        {
            string ed, ing, s;
            if (b.EndsWith('e'))
            {
                ed = b + "d";
                ing = b[..^1] + "ing";
                s = b + "s";
            }
            else if (b.EndsWith('y') && b.Length > 2 && !"aeiou".Contains(b[^2], StringComparison.Ordinal))
            {
                ed = b[..^1] + "ied";
                ing = b + "ing";
                s = b[..^1] + "ies";
            }
            else if (doubled.Contains(b))
            {
                ed = b + b[^1] + "ed";
                ing = b + b[^1] + "ing";
                s = b + "s";
            }
            else
            {
                ed = b + "ed";
                ing = b + "ing";
                s = b.EndsWith('s') || b.EndsWith('h') || b.EndsWith('x') || b.EndsWith('o') ? b + "es" : b + "s";
            }

            set.Add(ed);
            set.Add(ing);
            if (!InflectedOnly.Contains(b))
            {
                set.Add(b);
                set.Add(s);
            }
        }

        // Bases that are only good with an object after them ("put it", "shot back") are filtered by NeedsParticle.
        set.Remove("reading");
        set.Remove("putting");
        set.Remove("opening");
        set.Remove("closing");
        set.Remove("ending");
        set.Remove("beginning");
        set.Remove("starting");
        set.Remove("finishing");
        set.Remove("offering");
        set.Remove("going");
        set.Remove("gone");
        set.Remove("estimated");
        set.Remove("reasoning");
        set.Remove("charged");
        set.Remove("charging");
        set.Remove("branding");
        set.Remove("labeling");
        set.Remove("messaging");
        set.Remove("texting");
        set.Remove("posting");
        set.Remove("reporting");
        set.Remove("questioning");
        set.Remove("email");
        set.Add("according");
        set.Add("read");
        set.Add("reads");
        set.Add("reading");
        set.Add("call");
        set.Add("calls");
        set.Add("words");
        return set;
    }

    /// <summary>Cue forms that are a cue only with a particle after them ("went on", "pointed out").</summary>
    public static bool NeedsParticleAfter(string word) => NeedsParticle.Contains(word);

    public static bool IsParticiple(string word) => word.EndsWith("ing", StringComparison.OrdinalIgnoreCase) && !word.Equals("according", StringComparison.OrdinalIgnoreCase);

    /// <summary>Titles, honorifics and role words that may stand before a name and are not part of it.</summary>
    public static readonly WordSet Titles = new(WorldLexicon.Titles, StringComparer.OrdinalIgnoreCase)
    {
        "president", "vice", "prime", "minister", "secretary", "sen", "senator", "sens", "rep", "reps", "representative",
        "gov", "governor", "lt", "mayor", "judge", "justice", "chief", "gen", "general", "adm", "admiral", "col", "colonel",
        "lieutenant", "maj", "major", "capt", "captain", "sgt", "sergeant", "cmdr", "commander", "speaker", "leader",
        "chairman", "chairwoman", "chair", "director", "ambassador", "ceo", "cfo", "coo", "cto", "spokesman", "spokeswoman", "spokesperson",
        "attorney", "commissioner", "rev", "reverend", "pope", "king", "queen", "prince", "princess", "dr", "mr", "mrs",
        "ms", "miss", "mx", "sir", "lord", "lady", "dame", "madam", "first", "minority", "majority", "whip", "deputy",
        "assistant", "state", "foreign", "defense", "defence", "press", "chancellor", "premier", "councilman",
        "councilwoman", "councilmember", "sheriff", "officer", "detective", "professor", "prof", "coach", "pastor",
        "father", "hon", "former", "acting", "interim", "house", "senate", "white", "republican", "democratic",
        "democrat", "gop", "national", "security", "adviser", "advisor", "envoy", "special", "counsel", "treasury",
        "homeland", "health", "education", "energy", "labor", "commerce", "agriculture", "transportation", "interior",
        "department", "army", "navy", "supreme", "court", "federal", "district", "host", "anchor", "correspondent",
        "congressman", "congresswoman", "delegate", "assemblyman", "assemblywoman", "candidate", "nominee",
        "president-elect", "vice-president", "executive", "founder", "co-founder", "cofounder", "billionaire",
        "businessman", "businesswoman", "activist", "analyst", "economist", "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.",
        "gov.", "del.", "gen.", "lt.", "col.", "capt.", "sgt.", "adm.", "rev.", "prof.", "hon.", "maj.", "cmdr.", "gens.",
        "inspector", "superintendent", "principal", "dean", "provost", "rabbi", "imam", "bishop", "cardinal", "archbishop",
        "ayatollah", "sheikh", "emir", "crown", "sultan", "president's", "strategist", "pollster", "mp", "mep", "the",
        "u.s.", "us", "un", "u.n.", "eu", "nato", "uk", "u.k.", "fbi", "cia", "doj", "dhs", "pentagon", "kremlin",
        "trade", "finance", "economy", "economic", "intelligence", "communications", "policy", "legal", "campaign",
        "committee", "ranking", "member", "operations", "staff", "joint", "chiefs", "top", "senior", "junior", "solicitor",
        "prosecutor", "defendant", "surgeon", "officials", "official", "attorneys", "generals", "councillor", "councilor",
        "alderman", "alderwoman", "county", "city", "provincial", "regional", "municipal", "co-leader", "co-chair",
        "co-founder", "vice-chair", "vice-chairman", "vice-chairwoman", "ex-president", "ex-minister", "mayor-elect",
        "governor-elect", "sen.-elect", "cllr", "cllr.", "party", "opposition", "shadow", "coalition", "union", "veteran", "labor", "labour",
    };

    /// <summary>Role nouns that name a person's job: "the spokeswoman said" refers to whoever was introduced with it.</summary>
    public static readonly WordSet RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "spokesman", "spokeswoman", "spokesperson", "president", "minister", "secretary", "senator", "governor", "mayor",
        "judge", "justice", "general", "admiral", "colonel", "speaker", "leader", "chairman", "chairwoman", "chair",
        "director", "ambassador", "ceo", "cfo", "coo", "cto", "attorney", "commissioner", "pope", "king", "queen", "prince", "princess",
        "chancellor", "premier", "sheriff", "officer", "detective", "professor", "coach", "pastor", "adviser", "advisor",
        "envoy", "counsel", "host", "anchor", "correspondent", "congressman", "congresswoman", "lawmaker", "candidate",
        "nominee", "founder", "executive", "official", "aide", "analyst", "economist", "strategist", "pollster",
        "lawyer", "prosecutor", "diplomat", "negotiator", "commander", "chief", "representative", "lady", "wife",
        "husband", "mother", "father", "son", "daughter", "brother", "sister", "author", "historian", "expert",
        "researcher", "scientist", "doctor", "physician", "economist", "owner", "manager", "worker", "resident",
        "witness", "victim", "student", "teacher", "veteran", "soldier", "mp", "deputy", "whip", "rabbi", "imam",
        "bishop", "cardinal", "priest", "activist", "organizer", "organiser", "protester", "voter", "supporter",
        "critic", "opponent", "colleague", "friend", "partner", "employee", "inspector", "superintendent", "principal",
        "dean", "head", "boss", "investor", "billionaire", "businessman", "businesswoman", "entrepreneur", "journalist",
        "reporter", "writer", "editor", "man", "woman", "person", "boy", "girl", "mother", "farmer", "shopkeeper",
        "owner", "driver", "nurse", "retiree", "pensioner", "survivor", "passenger", "voter", "resident", "student",
        "interpreter", "translator", "official", "chief", "minister", "member", "lawmaker", "legislator", "mp", "producer", "director", "actor", "actress", "singer", "president-elect",
        "candidate", "challenger", "incumbent", "representative", "delegate", "assemblyman", "assemblywoman",
        "councilman", "councilwoman", "councilmember", "trooper", "firefighter", "paramedic", "nurse", "surgeon",
        "attorney", "solicitor", "barrister", "defendant", "plaintiff", "suspect", "source", "insider", "adviser",
        // Offices that wire copy names by the role alone ("the Treasurer said") (session 10).
        "treasurer", "coroner", "registrar", "ombudsman", "auditor", "comptroller", "sergeant", "constable",
        // Offices and jobs of news copy the list lacked (session 22): compound "-master" offices and "harbour master",
        // church, school, court, police, military and sport roles, hyphenated offices of the UN and Commonwealth.
        "master", "harbourmaster", "harbormaster", "postmaster", "postmistress", "stationmaster", "headmaster",
        "headmistress", "headteacher", "schoolmaster", "quartermaster", "archdeacon", "deacon", "vicar", "rector",
        "curate", "chaplain", "mufti", "moderator", "magistrate", "lieutenant", "captain", "corporal", "marshal",
        "warden", "provost", "curator", "referee", "umpire", "skipper", "foreman", "forewoman", "steward",
        "bailiff", "ranger", "chairperson", "vice-chancellor", "secretary-general", "attorney-general", "governor-general",
        "director-general", "solicitor-general", "auditor-general", "trustee", "commandant", "brigadier", "commodore",
        "taoiseach", "tánaiste", "tanaiste", "emir", "sultan", "sheikh", "ayatollah", "archbishop", "patriarch", "pontiff",
        "viceroy", "regent",
    };

    /// <summary>Plural or collective subjects that are never one named person.</summary>
    public static readonly WordSet GroupNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "officials", "analysts", "experts", "sources", "aides", "critics", "lawmakers", "protesters", "residents",
        "witnesses", "observers", "diplomats", "people", "investigators", "prosecutors", "authorities", "police",
        "organizers", "supporters", "opponents", "leaders", "members", "democrats", "republicans", "voters",
        "economists", "scientists", "doctors", "researchers", "advocates", "activists", "officers", "soldiers",
        "troops", "students", "teachers", "workers", "parents", "families", "others", "many", "some", "both",
        "ministry", "department", "government", "administration", "agency", "office", "campaign", "statement",
        "report", "spokespeople", "lawyers", "attorneys", "polls", "survey", "study", "documents", "filing", "court",
        "company", "group", "committee", "council", "military", "army", "embassy", "party", "firm", "organization",
        "organisation", "union", "team", "panel", "commission", "board", "bureau", "service", "newspaper", "outlet",
        "network", "website", "post", "letter", "memo", "judges", "senators", "governors", "mayors", "ministers",
        "demonstrators", "crowd", "crowds", "fans", "marchers", "strikers", "farmers", "drivers", "unions", "delegates",
        "deputies", "mps", "legislators", "negotiators", "rebels", "militants", "insurgents", "villagers", "locals",
        // Bodies that "the <noun> said" can stand for (session 7).
        "college", "confederation", "guild", "society", "alliance", "coalition", "chamber", "trust", "fund", "cooperative",
        "consortium", "institution", "association", "federation", "foundation", "institute", "charity", "league",
        "editorial", "paper",
    };

    public static readonly WordSet FemaleRoles = new(WorldLexicon.FemaleTitles, StringComparer.OrdinalIgnoreCase)
    {
        "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "councilwoman", "assemblywoman", "queen",
        "princess", "lady", "wife", "mother", "daughter", "sister", "actress", "mrs", "mrs.", "ms", "ms.", "miss",
        "madam", "dame", "grandmother", "widow", "girlfriend", "niece", "aunt", "sen.-elect-woman", "woman", "girl",
        "first lady", "duchess", "empress", "countess", "baroness", "stepmother", "mom",
    };

    public static readonly WordSet MaleRoles = new(WorldLexicon.MaleTitles, StringComparer.OrdinalIgnoreCase)
    {
        "spokesman", "chairman", "congressman", "businessman", "councilman", "assemblyman", "king", "prince", "husband",
        "father", "son", "brother", "mr", "mr.", "sir", "lord", "grandfather", "widower", "boyfriend", "nephew", "uncle",
        "man", "boy", "duke", "emperor", "count", "baron", "stepfather", "dad", "pope", "ayatollah", "sheikh", "emir",
        "sultan", "cardinal", "archbishop", "rabbi", "imam", "priest",
    };

    public static readonly WordSet MaleNames = new(WorldLexicon.MaleGivenNames, StringComparer.OrdinalIgnoreCase)
    {
        "donald", "joe", "joseph", "volodymyr", "vladimir", "barack", "mike", "michael", "ron", "ronald", "bernie",
        "chuck", "mitch", "kevin", "hakeem", "marco", "ted", "pete", "rob", "robert", "elon", "xi", "emmanuel", "olaf",
        "benjamin", "keir", "rishi", "justin", "narendra", "recep", "dmitry", "dmitri", "sergey", "sergei", "antony",
        "lloyd", "jake", "john", "james", "william", "david", "richard", "thomas", "charles", "christopher", "daniel",
        "matthew", "anthony", "mark", "steven", "paul", "andrew", "joshua", "kenneth", "george", "brian", "edward",
        "timothy", "jason", "jeffrey", "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry",
        "scott", "brandon", "samuel", "gregory", "alexander", "frank", "patrick", "raymond", "jack", "dennis", "jerry",
        "tyler", "aaron", "jose", "adam", "henry", "nathan", "douglas", "zachary", "peter", "kyle", "walter", "ethan",
        "jeremy", "harold", "keith", "christian", "roger", "noah", "gerald", "carl", "terry", "sean", "austin", "arthur",
        "lawrence", "jesse", "dylan", "bryan", "jordan", "billy", "bruce", "albert", "willie", "gabriel", "logan",
        "alan", "juan", "wayne", "roy", "ralph", "randy", "eugene", "vincent", "russell", "elijah", "louis", "bobby",
        "philip", "phillip", "johnny", "mitt", "newt", "rudy", "rand", "tim", "tom", "jim", "bill", "bob", "dick",
        "hunter", "beau", "jared", "don", "steve", "matt", "vivek", "gavin", "greg", "glenn", "josh", "jon", "dan",
        "doug", "rick", "jeff", "ben", "sam", "nick", "kash", "andriy", "andrii", "oleksandr", "oleksiy", "mykhailo",
        "mykola", "denys", "dmytro", "petro", "viktor", "victor", "alexei", "alexey", "boris", "nikolai", "mohammed",
        "muhammad", "mohammad", "ali", "hassan", "ahmed", "ahmad", "abdel", "abdul", "bashar", "shinzo", "fumio",
        "luiz", "javier", "jair", "andres", "gustavo", "hamid", "ismail", "yahya", "abbas", "mahmoud", "naftali",
        "yair", "benny", "bezalel", "itamar", "yoav", "isaac", "isaac", "moshe", "ehud", "shimon", "jens", "mark",
        "rutte", "pedro", "giuseppe", "mario", "matteo", "silvio", "friedrich", "frank-walter", "wolfgang", "helmut",
        "gerhard", "francois", "jean", "pierre", "jacques", "nicolas", "michel", "jean-luc", "jean-yves", "sebastien",
        "gabriel", "jordan", "mohamed", "tayyip", "hakan", "ilham", "nikol", "alexander", "aleksandr", "yevgeny",
        "ramzan", "valery", "valeriy", "oleg", "igor", "ivan", "yuri", "yury", "mikhail", "pavel", "anatoly", "leonid",
        "rustem", "kyrylo", "vitali", "vitaliy", "vitaly", "arseniy", "herman", "ruslan", "serhiy", "serhii",
        "andrzej", "donald", "radoslaw", "mateusz", "viktor", "peter", "robert", "karl", "hans", "kurt", "ulf", "stefan",
        "lars", "magnus", "jonas", "ola", "jair", "lula", "alberto", "miguel", "carlos", "luis", "jorge",
        "manuel", "antonio", "francisco", "rafael", "fernando", "sergio", "ricardo", "eduardo", "roberto", "alejandro",
        "diego", "andrés", "andre", "hugo", "evo", "nayib", "daniel", "tucker", "sean", "bret", "brit", "chris", "neil",
        "martin", "adam", "howard", "warren", "clarence", "samuel", "brett", "neil", "anthony", "merrick", "jd", "j.d.",
        "rfk", "hank", "herschel", "byron", "cory", "raphael", "jamaal", "jamie", "jimmy", "lindsey", "tommy",
        "tommy", "dave", "elliott", "jeffries", "ken", "kenny", "todd", "troy", "trey", "clay", "chip",
        "stewart", "lee", "gordon", "cliff", "roy", "mo", "abe", "ari", "eli", "gil", "ira", "jay", "ray", "sal",
        "vance", "burgess", "grover", "wes", "jb", "j.b.", "andy", "tony", "phil", "ed", "al", "fred", "frederick",
        "ted", "teddy", "zach", "zack", "ross", "max", "maxwell", "oliver", "harry", "charlie", "archie", "leo", "theo",
        "liam", "mason", "lucas", "owen", "luke", "caleb", "isaiah", "levi", "wyatt", "carter", "julian", "grayson",
        "jaxon", "lincoln", "asher", "christopher", "josiah", "hudson", "ezra", "aaron", "colton", "cameron", "dominic",
        "jeremiah", "easton", "xavier", "everett", "kai", "declan", "maverick", "kayden", "silas", "nolan",
        // Older and British/Irish given names common in news copy (session 7: a pronoun's gender check needs them).
        "elias", "harlan", "glen", "lionel",
        "vernon", "lyle", "earl", "clyde", "floyd", "otis", "homer", "virgil", "rodney", "dwight", "gene", "harvey",
        "jerome", "julius", "lamar", "leroy", "marvin", "milton", "norman", "percy", "quentin", "reuben", "rufus",
        "sidney", "stanley", "sheldon", "spencer", "terrence", "wallace", "wilbur", "winston", "bernard", "cecil",
        "chester", "conrad", "cyril", "edgar", "edmund", "ernest", "gilbert", "herbert", "horace", "hubert", "jasper",
        "laurence", "leonard", "maurice", "morris", "neville", "nigel", "oswald", "rupert", "seamus",
        "wilfred", "graham", "clive", "colin", "ian", "malcolm", "duncan", "stuart", "simon", "hugh", "giles", "trevor",
        "derek", "barry", "craig", "gareth", "rhys", "hamish", "angus", "callum", "fraser", "desmond", "oscar", "felix",
        "reginald", "alastair", "alistair", "dermot", "declan", "eamon", "ciaran", "niall", "padraig", "fergus",
        "emeka", "chidi", "kwame", "kofi", "tunde", "olumide", "sipho", "thabo", "tariq", "omar",
        "mustafa", "karim", "rashid", "arjun", "rahul", "sanjay", "vikram", "ravi", "hiroshi", "takeshi",
        "wei", "jun", "sven", "anders", "nils", "erik", "henrik", "johan", "mats", "bjorn", "dieter", "jurgen",
        "klaus", "rolf", "uwe", "tomasz", "piotr", "marek", "pawel", "milan", "goran", "dragan", "zoran",
        // Session 14: more given names in common use (a pronoun's gender check and the name model need them).
        "marcus", "aidan", "alec", "alfie", "ambrose", "amos", "angelo", "arnold", "barnaby", "basil", "benedict",
        "bertram", "bradley", "brendan", "calvin", "cedric", "clement", "cormac", "cornelius", "curtis", "damian",
        "damon", "darius", "darren", "dominick", "donovan", "dorian", "elliot", "emmett", "enzo", "ernesto",
        "esteban", "fabian", "fintan", "frederic", "gideon", "hector", "idris", "ignatius", "jarrod", "joel",
        "kieran", "lorenzo", "lucian", "luca", "marius", "mateo", "maximilian", "micah", "nathaniel", "neal",
        "norbert", "ollie", "orlando", "osman", "pablo", "raúl", "reinhard", "rhodri", "roland", "ronan",
        "rory", "salvador", "sebastian", "shane", "shaun", "solomon", "stellan", "tobias", "toby", "travis",
        "tristan", "ulrich", "vaughn", "wendell", "wesley", "xander", "yusuf", "zane", "chinedu", "obinna",
        "segun", "kwabena", "yaw", "kojo", "bongani", "musa", "jomo", "uhuru", "ahmet", "mehmet", "emre",
        "kemal", "omer", "hamza", "bilal", "imran", "faisal", "khalid", "youssef", "anil", "deepak", "manoj",
        "rajesh", "sunil", "vijay", "amit", "arun", "suresh", "ramesh", "kenji", "haruto", "bogdan", "mihai",
        "andrei", "florin", "dorin", "tibor", "zoltan", "janos", "lajos", "ferenc", "jiri", "tomas", "pavol",
        "vaclav", "mikko", "juha", "jukka", "timo", "pekka", "lauri", "aleksi", "matti", "ivar", "leif", "arne",
        "kjell", "oskar", "ingmar", "gunnar", "hakon", "torben", "soren", "morten", "rasmus", "pieter", "joost",
        "jeroen", "maarten", "bram", "luuk", "stijn", "thijs", "dirk", "wim", "koen",
    };

    public static readonly WordSet FemaleNames = new(WorldLexicon.FemaleGivenNames, StringComparer.OrdinalIgnoreCase)
    {
        "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen", "nancy",
        "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle", "dorothy", "carol",
        "amanda", "melissa", "deborah", "stephanie", "rebecca", "sharon", "laura", "cynthia", "kathleen", "amy",
        "shirley", "angela", "helen", "anna", "brenda", "pamela", "nicole", "emma", "samantha", "katherine",
        "christine", "debra", "rachel", "catherine", "carolyn", "janet", "ruth", "maria", "heather", "diane", "julie",
        "joyce", "victoria", "olivia", "kelly", "christina", "lauren", "joan", "evelyn", "judith", "megan", "cheryl",
        "andrea", "hannah", "martha", "jacqueline", "frances", "gloria", "ann", "teresa", "kathryn", "sara", "janice",
        "alice", "madison", "doris", "abigail", "julia", "judy", "grace", "denise", "amber", "marilyn", "beverly",
        "danielle", "theresa", "sophia", "marie", "diana", "brittany", "natalie", "isabella", "charlotte", "rose",
        "alexis", "kayla", "melania", "ivanka", "tiffany", "kamala", "hillary", "karine", "karoline", "kristi",
        "marjorie", "nikki", "elise", "tulsi", "ursula", "giorgia", "liz", "alexandria", "ilhan", "kari", "jill", "pam",
        "letitia", "tish", "ketanji", "sonia", "elena", "dana", "kristen", "gretchen", "kathy", "katie", "maxine",
        "rashida", "ayanna", "pramila", "lara", "kellyanne", "sheryl", "condoleezza", "madeleine", "annalena",
        "marine", "jacinda", "yulia", "olena", "iryna", "oksana", "svetlana", "tatiana", "tatyana", "natalia",
        "anastasia", "kaja", "roberta", "mette", "sanna", "kristalina", "gina", "jen", "kirsten", "tammy", "debbie",
        "stacey", "mazie", "patty", "tina", "jeanne", "maggie", "cori", "kayleigh", "harmeet", "lori", "marsha",
        "cindy", "shelley", "joni", "deb", "katie", "lisa", "susie", "nikki", "ruth", "sandra", "sonia", "anne",
        "amy", "elaine", "betsy", "janet", "gina", "jennifer", "jan", "kristin", "kirstjen", "loretta", "sally",
        "valerie", "yvette", "hilda", "nydia", "norma", "nita", "zoe", "zoë", "chloe", "ella", "ava", "mia", "amelia",
        "harper", "aria", "scarlett", "layla", "penelope", "riley", "lily", "eleanor", "nora", "hazel", "ellie",
        "stella", "aurora", "lucy", "paisley", "everly", "naomi", "caroline", "kennedy", "leah", "savannah", "maya",
        "claudia", "xiomara", "dilma", "michelle", "cristina", "gabriela", "lucia", "sofia", "valentina", "camila",
        "ana", "carmen", "rosa", "isabel", "pilar", "ines", "marta", "elisabeth", "angelika", "petra", "ingrid",
        "brigitte", "segolene", "marine", "valerie", "anne-marie", "nathalie", "christiane", "ruth", "miriam",
        "esther", "tzipi", "golda", "ayelet", "miri", "shira", "noa", "tamar", "fatima", "aisha", "leila", "layla",
        "yasmin", "maryam", "zainab", "benazir", "indira", "priya", "nirmala", "smriti", "sushma", "tsai", "yingluck",
        "park", "aung", "jacinda", "julia", "theresa", "liz", "priti", "suella", "kemi", "penny", "nadine", "andrea",
        "rachel", "yvette", "angela", "diane", "emily", "bridget", "shabana", "lisa", "kate", "katherine", "meghan",
        "megyn", "laura", "jeanine", "dana", "martha", "harris", "sage", "shannon", "sandra", "kirsten", "raquel",
        "ronna", "kaitlan", "kristen", "brianna", "hope", "faith", "joy", "nina", "vera", "olga", "irina", "galina",
        "lyudmila", "ludmila", "alina", "daria", "darya", "ekaterina", "yekaterina", "marina", "kira", "valentina",
        "larysa", "liudmyla", "viktoria", "viktoriia", "hanna", "halyna", "kateryna", "yuliia", "inna", "ivanna",
        "lindsay", "kristina", "courtney", "brooke", "erin", "molly", "kara", "tara", "trisha", "tricia", "dianne",
        "nan", "kay", "jane", "jo", "sue", "beth", "meg", "peggy", "ginny", "wendy", "stacy", "tracy", "gwen", "janine",
        // Older and British/Irish given names common in news copy (session 7).
        "beatrice", "agnes", "edith", "florence", "mabel", "gertrude", "harriet", "imogen", "fiona", "gillian",
        "joanna", "marian", "marion",
        "muriel", "irene", "maureen", "moira", "phyllis", "rita", "rosemary", "sheila", "sybil", "thelma", "vivian",
        "wilma", "winifred", "eileen", "ellen", "hilary", "louise", "lynn", "mildred", "nadia", "paula", "priscilla",
        "rhonda", "roxanne", "tanya", "vanessa", "veronica", "clara", "claire", "colette",
        "delia", "dolores", "edna", "elsa", "erica", "gemma", "georgina", "heidi", "isla", "jasmine",
        "jocelyn", "kerry", "leanne", "lydia", "mandy", "mara", "margo", "melanie", "mona", "nell", "paige",
        "polly", "renee", "rhiannon", "sabrina", "selina", "sinead", "siobhan", "tessa", "una",
        "wanda", "yolanda", "agatha", "bridget", "constance", "cordelia", "deirdre", "dorothea", "eloise", "enid",
        "felicity", "harriette", "henrietta", "ingeborg", "jolene", "lucille", "marguerite", "nadine", "ophelia",
        "philippa", "rosalie", "rowena", "sonja", "ngozi", "chioma", "amara", "funmilayo", "thandiwe",
        "aiko", "yuki", "mei", "ling", "anjali", "deepa", "sunita", "astrid", "birgit", "freya", "helga",
        "karin", "sigrid", "agnieszka", "katarzyna", "magdalena", "milena", "jelena", "dragana",
        // Session 14: more given names in common use.
        "annette", "lorraine", "bernadette", "josephine", "aisling", "orla", "niamh", "aoife", "roisin", "grainne",
        "maeve", "saoirse", "bronagh", "ailbhe", "aine", "nuala", "eimear", "caoimhe", "clodagh", "fionnuala",
        "beatrix", "adaeze", "nneka", "folake", "yetunde", "akosua", "efua", "adwoa", "nomvula", "zanele", "lindiwe",
        "ayesha", "amina", "samira", "ananya", "kavya", "lakshmi", "meena", "pooja", "rekha", "yumi", "keiko",
        "sakura", "ksenia", "malgorzata", "beata", "zofia", "ilona", "eszter", "zsofia", "krisztina", "lucie",
        "katerina", "tereza", "marketa", "eliska", "annika", "britta", "solveig", "lotte", "femke", "sanne", "anouk",
        "lieke", "marloes", "eline", "marieke", "greta", "heike", "ulrike", "renate", "sabine", "ute", "gisela",
        "hildegard", "margit", "ottilie", "rosalind", "gwendolyn", "bronwen", "carys", "cerys", "eleri", "ffion",
        "sian", "tegan", "delyth", "maud", "ethel",
    };

    /// <summary>Capitalized words that start sentences or clauses and never belong to a name.</summary>
    public static readonly WordSet CapitalStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "but", "and", "or", "nor", "in", "on", "at", "for", "with", "as", "if", "when", "while",
        "after", "before", "since", "also", "still", "yet", "so", "this", "that", "these", "those", "it", "he", "she",
        "they", "we", "i", "you", "his", "her", "their", "our", "my", "its", "your", "meanwhile", "however", "ultimately",
        "now", "then", "there", "here", "what", "who", "whom", "whose", "why", "how", "where", "which", "last", "next",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "according",
        "by", "from", "to", "of", "about", "asked", "speaking", "during", "despite", "although", "though", "because",
        "under", "over", "into", "amid", "among", "between", "through", "without", "within", "earlier", "later",
        "today", "yesterday", "tomorrow", "tonight", "instead", "indeed", "moreover", "furthermore", "additionally",
        "separately", "similarly", "likewise", "nonetheless", "nevertheless", "otherwise", "thus", "hence", "both",
        "either", "neither", "each", "every", "all", "some", "many", "most", "few", "several", "no", "not", "one",
        "two", "three", "four", "five", "first", "second", "third", "new", "more", "other", "another", "such", "even",
        "just", "only", "again", "once", "until", "unless", "whether", "do", "does", "did", "is", "are", "was", "were",
        "be", "been", "has", "have", "had", "will", "would", "can", "could", "should", "shall", "might", "must", "let",
        "please", "yes", "well", "oh", "okay", "ok", "sure", "thank", "thanks", "dear", "watch", "read", "click",
        "subscribe", "related", "advertisement", "editor's", "note", "photo", "video", "copyright", "breaking",
        "exclusive", "update", "updated", "live", "opinion", "analysis", "sign", "follow", "share", "like", "see",
        "also", "like", "said", "says", "told", "added", "noted", "wrote", "asked", "continued", "partial", "transcript",
        "excerpt", "excerpts", "full", "following", "crosstalk", "applause", "laughter", "inaudible", "outside", "inside",
        // session 15: indefinite pronouns ("Nobody laughed." after a quote is no person called Nobody)
        "nobody", "everybody", "everyone", "someone", "somebody", "anyone", "anybody", "no-one",
    };

    /// <summary>Words inside a capitalized sequence that make it a place, outlet or organization, not a person.</summary>
    public static readonly WordSet NonPersonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "house", "senate", "congress", "department", "ministry", "court", "news", "times", "post", "journal", "network",
        "party", "committee", "council", "agency", "administration", "office", "university", "college", "school",
        "institute", "foundation", "association", "union", "nations", "states", "republic", "kingdom", "street",
        "avenue", "square", "city", "county", "province", "region", "island", "islands", "sea", "ocean", "river",
        "mountain", "mountains", "airport", "base", "bank", "fund", "group", "inc", "corp", "company", "co", "llc",
        "ltd", "army", "navy", "force", "forces", "guard", "corps", "police", "service", "services", "center", "centre",
        "hall", "church", "hospital", "capitol", "pentagon", "kremlin", "fox", "cnn", "msnbc", "newsmax", "reuters",
        "associated", "bbc", "twitter", "facebook", "instagram", "youtube", "tiktok", "truth", "social", "democrats",
        "republicans", "media", "tv", "radio", "channel", "program", "project", "act", "bill", "law", "treaty",
        "accord", "agreement", "war", "day", "summit", "conference", "forum", "games", "cup", "league", "club", "team",
        "museum", "library", "tower", "bridge", "palace", "park", "station", "road", "highway", "valley", "beach",
        "coast", "gulf", "bay", "lake", "strait", "north", "south", "east", "west", "northern", "southern", "eastern",
        "western", "central", "middle", "europe", "asia", "africa", "america", "russia", "ukraine", "china", "israel",
        "gaza", "iran", "washington", "york", "angeles", "francisco", "jersey", "carolina", "dakota", "moscow", "kyiv",
        "kiev", "beijing", "london", "paris", "berlin", "brussels", "tehran", "jerusalem", "aviv", "florida", "texas",
        "california", "ohio", "pennsylvania", "michigan", "arizona", "nevada", "wisconsin", "iowa", "hampshire",
        "street", "wall", "federal", "reserve", "supreme", "security", "intelligence", "defense", "affairs", "oval",
        "white", "national", "international", "global", "world", "united", "european", "american", "russian",
        "ukrainian", "chinese", "israeli", "british", "german", "french", "commission", "board", "bureau", "command",
        "authority", "organization", "organisation", "alliance", "coalition", "movement", "front", "brigade",
        "battalion", "regiment", "division", "fleet", "embassy", "consulate", "parliament", "assembly", "duma", "rada",
        "knesset", "cabinet", "government", "state", "republican", "democratic", "liberal", "conservative", "labour",
        "green", "greens", "magazine", "daily", "herald", "tribune", "gazette", "telegraph", "guardian", "independent",
        "economist", "politico", "axios", "bloomberg", "wire", "press", "report", "review", "show", "hour", "tonight",
        "today", "morning", "evening", "weekly", "monthly", "online", "digital", "podcast", "pc", "group", "holdings",
        "technologies", "systems", "airlines", "initiative", "programme", "alliance", "federation", "chamber",
        "institution", "society", "consortium", "syndicate", "cooperative", "collective", "observatory", "watch", "caucus",
        "directorate", "inspectorate", "tribunal", "prosecutor's", "daily", "weekly", "broadcaster", "wire", "agency's", "motors", "energy", "oil", "gas", "pharmaceuticals", "labs",
        "laboratories", "partners", "capital", "ventures", "trust", "hamas", "hezbollah", "taliban", "isis", "wagner",
        "nato", "gop", "fbi", "cia", "nsa", "doj", "dhs", "epa", "irs", "un", "eu", "usa", "uk", "us", "gaza", "syria",
        "lebanon", "iraq", "afghanistan", "pakistan", "india", "japan", "korea", "taiwan", "germany", "france", "italy",
        "spain", "poland", "hungary", "turkey", "egypt", "qatar", "saudi", "arabia", "emirates", "yemen",
        "venezuela", "cuba", "mexico", "canada", "brazil", "argentina", "colombia", "australia", "zealand", "crimea",
        "donbas", "donetsk", "luhansk", "kharkiv", "odesa", "zaporizhzhia", "kherson", "bakhmut", "avdiivka",
        "mariupol", "belarus", "georgia", "moldova", "finland", "sweden", "norway", "denmark", "estonia", "latvia",
        "lithuania", "romania", "bulgaria", "greece", "serbia", "kosovo", "bosnia", "croatia", "slovakia", "czech",
        "austria", "switzerland", "netherlands", "belgium", "ireland", "scotland", "wales", "england", "britain",
        "virginia", "minnesota", "illinois", "chicago", "boston", "atlanta", "miami", "houston", "dallas", "seattle",
        "portland", "denver", "phoenix", "detroit", "philadelphia", "baltimore", "manhattan", "brooklyn", "queens",
        "bronx", "harvard", "yale", "stanford", "princeton", "columbia", "oxford", "cambridge", "google", "apple",
        "microsoft", "amazon", "meta", "tesla", "spacex", "openai", "nvidia", "boeing", "lockheed", "raytheon", "x",
        "lady", "port", "fort", "ltd.", "inc.", "corp.", "co.", "plc", "llc.", "seafoods", "foods", "dynamics",
        "industries", "logistics", "mutual", "airways", "shipping", "mining", "electric", "telecom", "insurance",
        "construction", "robotics", "aerospace", "chemicals", "resources", "utilities", "athletic", "athletics", "rovers",
        "wanderers", "courier", "chronicle", "ledger", "sentinel", "examiner", "dispatch", "inquirer", "bancorp",
        "brewery", "works", "railways", "railway", "transit", "authority's", "affairs",

        // Session 11: more last words of company names ("Northline Air", "Halbrook Semiconductor").
        "air", "semiconductor", "semiconductors", "pharma", "healthcare", "entertainment", "communications", "networks",
        "solutions", "software", "studios", "properties", "realty", "petroleum", "steel", "textiles", "biotech",
        "therapeutics", "biosciences", "securities", "financial", "investments", "automotive", "pictures", "publishing",

        // s23-orgs: retail names ("Brightmarket Stores", "Dalewood Supermarkets").
        "stores", "supermarkets",
    };

    /// <summary>Organisation nouns: "the company said" is the organisation named earlier (see <see cref="OrgMatches"/>).</summary>
    public static readonly WordSet CompanyNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "company", "firm", "group", "maker", "manufacturer", "carrier", "airline", "retailer", "lender", "insurer", "chain",
        "operator", "developer", "producer", "supplier", "conglomerate", "startup", "business",
        "processor", "cannery", "builder", "bank", "club", "brewer", "miner", "distributor", "utility",
    };

    /// <summary>Words of a public body's name: a company noun does not refer to these.</summary>
    private static readonly WordSet PublicBodyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ministry", "department", "agency", "council", "committee", "parliament", "senate", "house", "congress", "court",
        "police", "government", "administration", "office", "commission", "authority", "board", "bureau", "union",
        "party", "assembly", "cabinet", "army", "navy", "embassy", "tribunal", "kremlin", "pentagon",
    };

    /// <summary>Words of an outlet's name: "the newspaper reported" refers to these.</summary>
    private static readonly WordSet OutletWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "times", "post", "journal", "news", "herald", "tribune", "gazette", "telegraph", "guardian", "courier", "chronicle",
        "ledger", "sentinel", "wire", "press", "daily", "examiner", "dispatch", "inquirer", "observer", "radio", "tv",
    };

    /// <summary>A word of an outlet's name ("Herald", "Times", "Sentinel").</summary>
    public static bool IsOutletWord(string w) => OutletWords.Contains(w);

    private static readonly WordSet OutletNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "newspaper", "paper", "outlet", "broadcaster", "network", "station", "magazine", "daily", "tabloid", "website",
    };

    /// <summary>Corporate suffixes dropped from an organisation speaker's name ("Brightwater Seafoods Ltd.").</summary>
    public static bool IsCorporateSuffix(string w) => w.TrimEnd('.', ',').ToLowerInvariant() is "ltd" or "inc" or "corp" or "co" or "plc" or "llc" or "gmbh" or "ag" or "sa" or "nv";

    /// <summary>
    /// Whether "the <paramref name="noun"/>" can refer to the organisation <paramref name="name"/>: the noun is a word
    /// of the name ("the ministry" → "Ministry of Fisheries"), a company noun for a name that is no public body or
    /// outlet ("the company" → "Brightwater Seafoods"), or an outlet noun for an outlet ("the newspaper" → "Addley Courier").
    /// </summary>
    public static bool OrgMatches(string noun, string name)
    {
        var words = name.Split(' ');
        foreach (var w in words)
        {
            if (w.Equals(noun, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (KindWordMatches(noun, words) || PluralHeadMatches(noun, words)) // s22c-orgs2: "the union" → "… Lecturers' Unions"
        {
            return true;
        }

        if (CompanyNouns.Contains(noun))
        {
            foreach (var w in words)
            {
                if (PublicBodyWords.Contains(w) || OutletWords.Contains(w) || PlaceKindWords.Contains(w) || IsNonCompanyBodyWord(w))
                {
                    return false;
                }
            }

            return true;
        }

        if (OutletNouns.Contains(noun))
        {
            foreach (var w in words)
            {
                if (OutletWords.Contains(w))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Nouns that, after "the", may stand for an organisation named earlier.</summary>
    public static bool IsOrgNoun(string noun) => CompanyNouns.Contains(noun) || OutletNouns.Contains(noun) || PublicBodyWords.Contains(noun)
        || noun.ToLowerInvariant() is "agency" or "ministry" or "department" or "regulator" or "watchdog" or "insurer" or "university" or "hospital" or "school" or "federation" or "association" or "league" or "charity" or "foundation" or "institute"
        or "college" or "confederation" or "guild" or "society" or "alliance" or "coalition" or "chamber" or "trust" or "fund"
        or "organisation" or "organization" or "cooperative" or "consortium" or "institution" or "centre" or "center" or "palace" or "household"
        || OtherBodyNouns.Contains(noun) || IsSession23BodyNoun(noun);

    /// <summary>Adverbs and auxiliaries that may sit between a subject and its reporting verb.</summary>
    public static readonly WordSet Fillers = new(StringComparer.OrdinalIgnoreCase)
    {
        "also", "has", "had", "have", "later", "then", "once", "again", "further", "recently", "previously",
        "repeatedly", "would", "will", "did", "does", "do", "only", "even", "still", "simply", "quickly", "publicly",
        "privately", "flatly", "bluntly", "reportedly", "allegedly", "earlier", "subsequently", "ultimately", "finally",
        "often", "frequently", "always", "never", "sometimes", "had", "is", "was", "were", "are", "been", "being",
        "just", "first", "yesterday", "today", "tonight", "now", "tuesday", "monday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "has", "could", "might", "may", "should", "must", "shall", "can", "not", "n't",
        "herself", "himself", "themselves", "then-", "similarly", "likewise", "too",
    };

    public static readonly WordSet Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "they", "i", "we",
    };

    public static readonly WordSet Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "his", "her", "their", "its", "one", "another", "this", "that", "our",
    };

    /// <summary>Abbreviations that keep their period and do not end a sentence.</summary>
    public static readonly WordSet Abbreviations = new(WorldLexicon.Abbreviations, StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "capt", "sgt", "adm", "rev",
        "prof", "hon", "maj", "cmdr", "st", "jr", "sr", "no", "vs", "v", "etc", "inc", "corp", "co", "ltd", "mt", "ft",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gens", "supt", "insp",
        "det", "pres", "atty", "u.s", "u.k", "u.n", "d.c", "e.u", "a.m", "p.m", "ph.d", "i.e", "e.g", "messrs", "mmes",
        "esq", "brig", "cpl", "pvt", "ave", "blvd", "fig", "approx", "dept", "univ", "assn", "bros", "gov't", "del",
    };

    public static readonly WordSet AbbreviationLookup = Abbreviations;

    /// <summary>Verbs of a crowd: the group chanting is the speaker.</summary>
    public static readonly WordSet ChantVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "chanted", "chanting", "chant", "chants", "shouted", "shouting", "sang", "singing", "yelled", "yelling", "roared",
    };

    /// <summary>One-word bodies that speak as organisations.</summary>
    public static readonly WordSet SingleWordBodies = new(StringComparer.OrdinalIgnoreCase)
    {
        "kremlin", "pentagon", "vatican", "elysee", "bundestag", "congress", "parliament", "senate", "house", "government",
        "ministry", "police", "reuters", "bloomberg", "politico", "axios", "hamas", "hezbollah", "taliban", "interpol",
        "europol", "frontex", "eurostat", "ofcom", "ofsted", "downing",
    };

    /// <summary>Nouns for something a person said: "Raman's claim that …", "Frost's charge of …" (session 8).</summary>
    public static readonly WordSet SpeechNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "claim", "claims", "charge", "charges", "accusation", "accusations", "allegation", "allegations", "assertion",
        "remark", "remarks", "comment", "comments", "suggestion", "complaint", "warning", "description", "jibe", "taunt",
        "characterization", "characterisation", "insistence", "criticism", "boast", "prediction", "promise", "pledge",
    };

    /// <summary>Documents that speak for their owner: "the IMF report stated".</summary>
    public static readonly WordSet DocumentNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "report", "statement", "study", "survey", "filing", "memo", "letter", "release", "ruling", "audit", "review",
        "editorial", "analysis", "assessment", "bulletin", "notice", "document", "documents", "column",
    };

    /// <summary>Documents someone issues, whose words "the statement said" gives back to the issuer (session 9).</summary>
    public static readonly WordSet IssuedDocumentNouns = new(DocumentNouns.Concat(["post", "message", "tweet", "blog"]), StringComparer.OrdinalIgnoreCase);

    // Words that end a place's or institution's name and are no surname ("Church", "Hall", "Park" are surnames too).
    private static readonly WordSet PlaceEndWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hospital", "Infirmary", "University", "Academy", "Cathedral", "Street", "Road", "Avenue", "Square", "Wharf", "Boulevard",
        // Session 22: street and square words that end a name in other languages and house styles ("Karlstraße").
        "Straße", "Strasse", "Platz", "Allee", "Gasse", "Straat", "Plein", "Gracht", "Caddesi", "Sokak", "Utca", "Terrace",
        "Crescent", "Embankment", "Promenade", "Parkway", "Esplanade", "Quay",
    };

    // Words that open a street's or square's name in other languages ("Rua da Misericórdia", "Calle Mayor", "Via
    // Roma", "Jalan Tun Razak", "Ulitsa Lenina"): the run is an address, never a person (session 22).
    private static readonly WordSet StreetOpenerWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Rua", "Rue", "Calle", "Avenida", "Avinguda", "Carrer", "Paseo", "Passeig", "Via", "Viale", "Corso", "Piazza",
        "Piazzale", "Largo", "Praça", "Praca", "Plaza", "Plac", "Ulica", "Ulitsa", "Prospekt", "Bulevar", "Bulevardul",
        "Calea", "Strada", "Jalan", "Chemin", "Quai", "Avenue", "Boulevard",
    };

    // US states and their AP abbreviations, as written after a town in a dateline ("Cedar Falls, Iowa (AP) —").
    private static readonly WordSet UsStateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
        "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
        "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "Ohio",
        "Oklahoma", "Oregon", "Pennsylvania", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
        "Wisconsin", "Wyoming", "New", "North", "South", "West", "Rhode", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn",
        "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont",
        "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Vt", "Va", "Wash", "Wis", "Wyo", "D.C.", "N.H.", "N.J.", "N.M.",
        "N.Y.", "N.C.", "N.D.", "R.I.", "S.C.", "S.D.", "W.Va",
    };

    /// <summary>A US state or its AP abbreviation (dot trimmed): the word after a dateline's town (session 22).</summary>
    public static bool IsUsStateWord(string w) => UsStateWords.Contains(w) || UsStateWords.Contains(w.TrimEnd('.'));

    /// <summary>A word that opens a street's name in other languages: "Rua", "Calle", "Via", "Jalan" (session 22).</summary>
    public static bool IsStreetOpener(string w) => StreetOpenerWords.Contains(w);

    private static readonly WordSet InstitutionWords = new(PlaceEndWords.Concat(["Clinic", "School", "College", "Church", "Chapel", "Abbey"]), StringComparer.OrdinalIgnoreCase);

    /// <summary>A capitalized word naming a place or institution after a possessive: "St. Columba's Hospital", "St. Anne's Church".</summary>
    public static bool IsInstitutionWord(string w) => InstitutionWords.Contains(w);

    /// <summary>A capitalized word that ends a place's name and is no surname: "Canal Street", "Harwick University".</summary>
    public static bool IsPlaceEndWord(string w) => PlaceEndWords.Contains(w);

    // Roles a person has in one story rather than an office they hold: "the defendant said" is whoever the paragraph
    // (or the one before) is about, also when nobody was introduced with the word (session 10).
    private static readonly WordSet SituationalRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "defendant", "accused", "witness", "incumbent", "challenger", "victim", "suspect", "plaintiff", "claimant",
        "survivor", "newcomer", "rookie", "teenager", "winner", "runner-up",
    };

    /// <summary>True for a role held in this story only ("the defendant", "the incumbent", "the witness").</summary>
    public static bool IsSituationalRole(string w) => SituationalRoles.Contains(w);

    /// <summary>Written messages one person signs ("a letter from X", "a note signed by X") (session 10).</summary>
    public static bool IsShortLetter(string w) => w.Length switch
    {
        // Asked of nearly every lower-case word: the length picks the one or two words worth comparing.
        4 => w.Equals("note", StringComparison.OrdinalIgnoreCase) || w.Equals("memo", StringComparison.OrdinalIgnoreCase),
        5 => w.Equals("email", StringComparison.OrdinalIgnoreCase),
        6 => w.Equals("letter", StringComparison.OrdinalIgnoreCase),
        7 => w.Equals("message", StringComparison.OrdinalIgnoreCase),
        9 => w.Equals("statement", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Countries, cities and regions: a place named as subject is not reported as a speaker.</summary>
    public static bool IsPlaceName(string name)
    {
        var words = name.Split(' ');
        var last = words[^1];
        if (words.Length > 1 && words[0].ToLowerInvariant() is "port" or "fort" or "mount" or "cape" or "lake")
        {
            // "Port Addley", "Fort Rowan", "Lake Varna".
            return true;
        }

        return last.ToLowerInvariant() is "street" or "avenue" or "square" or "city" or "county" or "province" or "region"
            or "island" or "islands" or "sea" or "ocean" or "river" or "mountain" or "mountains" or "valley" or "beach"
            or "coast" or "gulf" or "bay" or "lake" or "strait" or "road" or "highway" or "bridge" or "station" or "airport"
            or "park" or "europe" or "asia" or "africa" or "america";
    }

    /// <summary>Nouns that describe a person before the name in a verb-first frame ("said 9/11 widow Ana Ruiz").</summary>
    public static readonly WordSet RoleLikeNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "widow", "widower", "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "survivor",
        "resident", "host", "presenter", "anchor", "commentator", "columnist", "reporter", "lawmaker", "legislator",
        "voter", "owner", "worker", "nurse", "doctor", "teacher", "farmer", "student", "veteran", "officer", "executive",
        "manager", "coach", "player", "striker", "star", "singer", "actor", "actress", "author", "novelist", "historian",
        "professor", "researcher", "scientist", "economist", "lawyer", "attorney", "candidate", "hopeful", "challenger",
        "incumbent", "chief", "boss", "head", "organizer", "organiser", "campaigner", "activist", "protester", "leader",
    };

    /// <summary>Role words that stand before a name in a capitalized run ("Negotiator Daniel Park").</summary>
    public static readonly WordSet ExtraTitles = new(StringComparer.OrdinalIgnoreCase)
    {
        "negotiator", "aide", "lawmaker", "legislator", "presenter", "organiser", "organizer", "campaigner", "trustee",
        "magistrate", "constable", "inspector", "auditor", "regulator", "mediator", "envoy", "delegate", "del.",
        // Session 22: offices written before a name ("Warden Jon Reed", "Harbourmaster Ana Ruiz").
        "warden", "harbourmaster", "harbormaster", "postmaster", "postmistress", "headmaster", "headmistress",
        "headteacher", "vicar", "rector", "curate", "chaplain", "archdeacon", "deacon", "curator", "referee", "umpire",
        "skipper", "foreman", "chairperson", "provost", "marshal", "bailiff", "ranger", "corporal", "brigadier",
        "commodore", "commandant", "lieutenant", "secretary-general", "director-general", "attorney-general",
    };

    /// <summary>Surnames that are also common words, places or titles: names only in name position.</summary>
    public static readonly WordSet CommonWordSurnames = new(StringComparer.OrdinalIgnoreCase)
    {
        "may", "park", "hall", "church", "street", "bank", "court", "house", "lake", "march", "rice", "brown", "young",
        "king", "green", "gates", "price", "page", "bush", "wood", "hill", "rose", "bell", "stone", "field", "lane",
        "ford", "hart", "cook", "baker", "glass", "banks", "fields", "woods", "hope", "love", "moody", "best", "long",
        "short", "little", "white", "black", "gray", "grey", "rich", "sharp", "wise", "strong", "power", "powers", "case",
        "marsh", "birch", "vance", "moore", "west", "north", "south", "east", "english", "french", "england", "wall",
        "chase", "hunt", "day", "summers", "winter", "reed", "cross", "law", "major", "bishop", "dean", "judge", "sheriff",
        "may's", "august", "june", "april", "washington", "lincoln", "jordan", "carter", "porter", "mason", "booth",
    };

    public static readonly WordSet CommonWordSurnameLookup = CommonWordSurnames;

    public static readonly WordSet NonPersonLookup = NonPersonWords;

    public static readonly WordSet MaleNameLookup = MaleNames;

    public static readonly WordSet FemaleNameLookup = FemaleNames;

    public static readonly WordSet TitleLookup = Titles;

    public static readonly WordSet StopLookup = CapitalStopWords;

    public static readonly WordSet FillerLookup = Fillers;

    public static readonly WordSet CueLookup = Cues;

    /// <summary>US state abbreviations used in party labels ("R-S.C.") and datelines.</summary>
    public static bool IsHonorificFemale(string t) => t.TrimEnd('.').ToLowerInvariant() is "mrs" or "ms" or "miss" or "madam" or "dame" or "lady" or "queen" or "princess";

    public static bool IsHonorificMale(string t) => t.TrimEnd('.').ToLowerInvariant() is "mr" or "sir" or "lord" or "king" or "prince";
}
