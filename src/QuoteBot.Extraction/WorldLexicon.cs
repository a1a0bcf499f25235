namespace QuoteBot.Extraction;

/// <summary>
/// Session 16 (s16-names): words of English-language news written outside the US that the lexicon lacked, from general
/// knowledge of how world and wire press write names, honorifics and reporting verbs (not from any article's misses).
/// Merged into <see cref="Lexicon"/>'s lists where those are built.
/// </summary>
internal static class WorldLexicon
{
    /// <summary>
    /// Honorifics and titles written before a name in Indian, Nigerian, Malaysian, Gulf, Irish and European English
    /// press, stripped from the speaker's name like "Sen." or "Dr": "Shri", "Smt.", "Alhaji", "Otunba", "Datuk", "Tun",
    /// "Mullah", "Taoiseach", "Engr", "Mme", "Herr". Words that are also common given names or surnames ("Sri", "Tan",
    /// "Nana", "Raja", "Don", "Barr") are left out; "Tan Sri" and "Puan Sri" are read as pairs (<see cref="IsHonorificPair"/>).
    /// </summary>
    public static readonly string[] Titles =
    [
        "shri", "shrimati", "smt", "smt.", "swami", "alhaji", "alhaja", "hajiya", "otunba", "oba", "datuk", "datin",
        "dato", "dato'", "dato’", "seri", "tun", "tunku", "tengku", "ustaz", "sayyid", "mullah", "maulana", "hojatoleslam", "mufti",
        "shaikh", "sheik", "monsignor", "msgr", "msgr.", "fr", "fr.", "archdeacon", "taoiseach", "tánaiste",
        "tanaiste", "engr", "engr.", "comrade", "advocate", "supt", "supt.", "insp", "insp.", "det", "det.", "mme",
        "mme.", "mlle", "herr", "frau", "señor", "senor", "señora", "senora", "signor", "signora", "senhor", "senhora",
        "marshal", "commodore", "brigadier",

        // Session 17: offices written as one hyphenated word in Commonwealth, UN and EU usage ("the Auditor-General
        // said", "Secretary-General Ana Ruiz"): a title, never a name.
        "attorney-general", "auditor-general", "solicitor-general", "governor-general", "secretary-general",
        "director-general", "inspector-general", "surgeon-general", "comptroller-general", "postmaster-general",
        "procurator-general", "advocate-general", "accountant-general", "registrar-general", "adjutant-general",
        "receiver-general", "lieutenant-governor", "vice-president", "vice-chancellor", "vice-chair", "vice-chairman",
        "vice-chairwoman", "vice-chairperson", "vice-premier", "vice-admiral", "rear-admiral", "lieutenant-general",
        "major-general", "brigadier-general", "lieutenant-colonel", "sergeant-major", "deputy-governor",

        // Session 18 (s18-world): seats written as letters before a name ("MK Yael Ben-Ami", "Fianna Fáil TD Aidan
        // Foley", "SNP MSP Ross Kinnaird"), ranks of the peerage ("Baroness Hartwell"), Gulf, South Asian and West
        // African honorifics ("Sheikha", "Mawlawi", "Mallam", "Hajji"), clergy ("Vicar", "Chaplain", "Abbot",
        // "Patriarch"), other ranks ("Cpl.", "Pvt.", "DCI") and US "Atty.", "Assemblymember". Words that are also
        // common surnames, given names or company names ("Deacon", "Canon", "Don", "Pandit", "Begum") are left out.
        "td", "msp", "mla", "mk", "mpp", "mna", "mha", "baroness", "baron", "viscount", "viscountess", "earl", "countess",
        "duke", "duchess", "marquess", "marchioness", "sheikha", "sayyida", "hajji", "haji", "hajja", "mawlawi", "mawlana",
        "mallam", "allama", "vicar", "chaplain", "abbot", "abbess", "patriarch", "corporal", "cpl", "cpl.", "pvt", "pvt.",
        "lance", "dci", "atty", "atty.", "assemblymember", "doña", "dona",
    ];

    /// <summary>Of <see cref="Titles"/>, those said of a man ("Shri", "Alhaji", "Herr"), for a later "he said".</summary>
    public static readonly string[] MaleTitles =
    [
        "shri", "alhaji", "otunba", "oba", "datuk", "dato'", "dato’", "tunku", "sayyid", "mullah", "maulana", "mufti", "sheik", "shaikh",
        "monsignor", "msgr", "fr", "herr", "señor", "senor", "signor", "senhor", "swami", "baron", "viscount", "earl", "duke",
        "marquess", "hajji", "haji", "mawlawi", "mawlana", "mallam", "allama", "abbot",
    ];

    /// <summary>Of <see cref="Titles"/>, those said of a woman ("Smt.", "Alhaja", "Datin", "Frau"), for a later "she said".</summary>
    public static readonly string[] FemaleTitles =
    [
        "smt", "smt.", "shrimati", "alhaja", "hajiya", "datin", "puan", "frau", "mme", "mme.", "mlle", "señora",
        "senora", "signora", "senhora", "baroness", "viscountess", "countess", "duchess", "marchioness", "sheikha",
        "sayyida", "hajja", "abbess", "doña", "dona",
    ];

    /// <summary>
    /// Job and seat acronyms that name a person's role, not a body: "the CFO said", "the MP said" (no organisation).
    /// </summary>
    public static bool IsRoleAcronym(ReadOnlySpan<char> w) => w is "CEO" or "CFO" or "COO" or "CTO" or "CIO" or "CMO"
        or "MP" or "MPS" or "PM" or "VP" or "GM" or "DA" or "AG" or "DJ" or "GP" or "TD" or "MLA" or "MEP" or "MSP" or "MC"
        or "QC" or "KC" or "SC" or "OBE" or "CBE" or "MBE" or "PR" or "HR" or "IT" or "OK" or "TV" or "ID";

    /// <summary>
    /// Letters written after a name for a seat or an honour ("Harriet Dunmore MP", "Padraig Nolan TD", "Ruth Abara KC",
    /// "Ian Keogh OBE"): not part of the name. Upper case as written; longer ones are kept out of names already.
    /// </summary>
    public static bool IsPostNominal(string w) => w is "MP" or "TD" or "QC" or "KC" or "SC" or "MLA" or "MEP" or "MSP"
        or "MLC" or "MHA" or "MPP" or "MNA" or "MHK" or "OBE" or "CBE" or "MBE" or "KBE" or "DBE" or "AM" or "AO";

    /// <summary>"Tan Sri", "Puan Sri", "Toh Puan", "Datuk Sri": a Malaysian honorific of two words whose first alone is no title.</summary>
    public static bool IsHonorificPair(string first, string second) =>
        first.ToLowerInvariant() is "tan" or "puan" or "toh" or "datuk" or "dato" or "dato'" or "dato’" or "datin"
        && second.ToLowerInvariant() is "sri" or "seri" or "puan";

    /// <summary>
    /// Reporting verbs of world and wire press missing from the base list (base forms; inflections are generated):
    /// "averred", "reckoned", "disclosed", "narrated", "intoned", "weighed in".
    /// </summary>
    public static readonly string[] CueVerbs =
    [
        "reckon", "disclose", "divulge", "narrate", "intone", "bellow", "blurt", "riposte", "expound", "enquire",
        "inquire", "query", "seethe", "huff", "weigh",
    ];

    /// <summary>Forms the regular inflection of <see cref="CueVerbs"/> does not make ("averred").</summary>
    public static readonly string[] IrregularCues = ["averred", "averring", "avers"];

    /// <summary>Of <see cref="CueVerbs"/>, bases whose bare and -s forms are mostly nouns: only -ed/-ing forms count.</summary>
    public static readonly string[] InflectedOnly = ["riposte", "query", "huff", "weigh"];

    /// <summary>Of <see cref="CueVerbs"/>, forms that are a cue only with a particle after them ("weighed in").</summary>
    public static readonly string[] NeedsParticle = ["weighed", "weighing", "weighs", "blurted"];

    /// <summary>Abbreviated honorifics that keep their full stop and end no sentence: "Smt.", "Engr.", "Msgr.", "Mme.".</summary>
    public static readonly string[] Abbreviations = ["smt", "engr", "msgr", "fr", "mme", "mlle", "rt", "cllr"];

    /// <summary>
    /// Men's given names common in South Asian, Arab, Persian, Turkish, African, Southeast Asian and European news copy
    /// that the base list lacked, above all those ending like a job word ("Manohar", "Anwar", "Suleiman", "Laurent"),
    /// which the name model would otherwise read as a title before the name. Names that are also common English words
    /// or surnames are left out.
    /// </summary>
    public static readonly string[] MaleGivenNames =
    [
        "manohar", "shankar", "bhaskar", "sudhakar", "prabhakar", "diwakar", "jawahar", "anwar", "jaffar", "zafar",
        "akbar", "nasser", "yasser", "samer", "maher", "taher", "amer", "usman", "rahman", "salman", "ayman",
        "suleiman", "sulaiman", "othman", "uthman", "luqman", "lukman", "adrian", "kristian", "laurent", "florent",
        "hector", "nestor", "gabor", "sandor", "werner", "rainer", "volker", "lothar", "gunther", "narendra", "rajiv",
        "rajendra", "sudhir", "sameer", "samir", "amir", "tahir", "bashir", "kabir", "nazir", "munir", "qadir",
        "anand", "ashok", "pradeep", "sandeep", "naveen", "prakash", "dinesh", "mahesh", "ganesh", "girish", "harish",
        "satish", "yogesh", "nitin", "rohit", "sachin", "vinod", "arvind", "ajay", "sunil", "mohan", "gopal",
        "krishna", "abdullah", "abdulrahman", "ibrahim", "ismail", "khalil", "jamal", "kamal", "nabil", "walid",
        "ziad", "fadi", "rami", "tarek", "hussein", "hossein", "reza", "mehdi", "mahdi", "javad", "ayub", "idrissa",
        "mamadou", "moussa", "ousmane", "abdoulaye", "cheikh", "babajide", "olusegun", "adebayo", "oluwaseun",
        "chukwuma", "ikechukwu", "uchenna", "nnamdi", "emmanuel", "kwesi", "kipchoge", "baraka", "thulani", "sibusiso",
        "mandla", "tendai", "tatenda", "farai", "anwaar", "najib", "hishammuddin", "bambang", "joko", "budi", "agus",
        "rizal", "somchai", "prayut", "thaksin", "hideki", "takashi", "satoshi", "yoshihide", "kenichi", "shigeru",
        "jae-in", "min-jun", "seo-jun", "ji-hoon", "rodrigo", "ferdinand", "bongbong", "joaquin", "cristiano",
        "gonzalo", "santiago", "mauricio", "ignacio", "lucas", "thiago", "joao", "joão", "marcelo", "rogério",
        // Session 17: more men's given names of European, Latin American, Middle Eastern, South Asian, African and East
        // Asian news copy, so that a later "he" or "she" finds the right person. Words that are also common English
        // words, places, brands or titles ("Roman", "Milan", "Sultan") and names given to both sexes ("Femi", "Uche",
        // "Makoto", "Jyoti", "Iman") are left out.
        "colm", "cathal", "donal", "diarmuid", "eoin", "fergal", "oisin", "ruairi", "tadhg", "conor", "cillian",
        "darragh", "eamonn", "micheal", "mícheál",
        "dario", "fabio", "claudio", "emilio", "alessandro", "giovanni", "luigi", "paolo", "pietro", "stefano",
        "massimo", "maurizio", "vittorio", "enrico", "riccardo", "federico", "salvatore", "gianluca", "davide",
        "alfonso", "alvaro", "arturo", "cesar", "enrique", "felipe", "gerardo", "guillermo", "horacio", "jaime",
        "julio", "leonardo", "marcos", "octavio", "ramon", "raul", "ruben", "vicente", "afonso", "duarte",
        "goncalo", "joaquim", "rui", "tiago", "vasco", "benoit", "bertrand", "christophe", "didier", "etienne",
        "fabrice", "gilles", "guillaume", "herve", "jean-marc", "jean-claude", "julien", "loic", "mathieu",
        "maxime", "olivier", "pascal", "philippe", "remi", "sylvain", "thierry", "yannick", "yves", "andreas",
        "bernd", "florian", "horst", "joachim", "jochen", "jürgen", "markus", "matthias", "ralf", "sigmar",
        "thorsten", "torsten", "daan", "piet", "ruud", "sjoerd", "wouter", "geert", "hendrik", "björn",
        "mikael", "olof", "mads", "niels", "søren", "einar", "evgeny", "gennady", "grigory", "ilya",
        "konstantin", "pyotr", "stanislav", "vladislav", "dariusz", "grzegorz", "jacek", "jaroslaw", "jarosław",
        "krzysztof", "mariusz", "paweł", "rafal", "slawomir", "tadeusz", "wojciech", "zbigniew", "milos",
        "miloš", "nenad", "aleksandar", "vuk", "zlatko", "branko", "ivica", "tomislav", "zoltán", "laszlo",
        "lászló", "istvan", "istván", "gyorgy", "györgy", "attila", "ondrej", "ondřej", "jiří", "petr",
        "miroslav", "václav", "dimitris", "giorgos", "kostas", "nikos", "yannis", "yiannis", "panagiotis",
        "christos", "vangelis", "stavros", "murat", "ekrem", "selahattin", "hasan", "hamad", "khaled", "fahad",
        "osama", "yousef", "adel", "adil", "kareem", "majid", "marwan", "mansour", "mustapha", "nabeel",
        "nizar", "saeed", "salim", "saleh", "sami", "talal", "wael", "zaid", "zayed", "haitham", "hisham",
        "jamil", "hamed", "mohsen", "mojtaba", "morteza", "ebrahim", "hamidreza", "alireza", "mohammadreza",
        "masoud", "dariush", "kourosh", "cyrus", "farhad", "babak", "behrouz", "aditya", "akash", "anupam",
        "ashish", "gaurav", "hemant", "jitendra", "kailash", "kamlesh", "lalit", "manish", "mukesh", "nilesh",
        "pankaj", "piyush", "rakesh", "santosh", "shailesh", "siddharth", "tushar", "umesh", "vikas",
        "vinay", "yashwant", "nawaz", "shehbaz", "asif", "bilawal", "zulfikar", "shahid", "irfan", "fawad",
        "mujibur", "tarique", "akwasi", "oluwole", "olufemi", "babatunde", "ifeanyi", 
        "tochukwu", "aminu", "abubakar", "danjuma", "nasir", "sani", "umar", "yakubu", "kipchumba",
        "kiprono", "raila", "kalonzo", "themba", "mmusi", "vusi", "lwazi", "siyabonga", "kazuo", 
        "yoshiro", "taro", "ichiro", "daisuke", "haruki", "koji", "masahiro", "naoki", "ryota",
        "shota", "jianguo", "zhiqiang", "xiaoming", "haoran", "minho", "min-ho", "sung-min",
        "dong-hyun", "jae-hoon", "young-ho", "hyun-woo", "seung-hoon", "duc", "quang", "tuan", "somsak",
        "surachai", "wanchai", "chuwit", "anutin", "srettha", "hamzah", "azmin", "muhyiddin", "zahid",
        "mahathir", "rafizi", "khairy", "prabowo", "ganjar", "anies", "gibran", "susilo",
    ];

    /// <summary>Women's given names common in world news copy that the base list lacked.</summary>
    public static readonly string[] FemaleGivenNames =
    [
        "lalitha", "sushila", "kavita", "sunanda", "shobha", "geeta", "gita", "nirmala", "mamata", "mayawati",
        "jayalalithaa", "smita", "swati", "shweta", "neha", "divya", "preeti", "aishwarya", "zainab", "khadija",
        "mariam", "nour", "noura", "huda", "rania", "salma", "hanan", "lina", "dina", "farida", "nadia", "shirin",
        "parisa", "zahra", "masoumeh", "elif", "zeynep", "ayse", "emine", "kudirat", "folasade", "ngozi", "chiamaka",
        "oluwakemi", "nomsa", "thandeka", "naledi", "lindiwe", "busisiwe", "wairimu", "aminah", "siti", "nurul",
        "dewi", "putri", "retno", "yingluck", "paetongtarn", "hien", "huong", "thuy", "linh", "yoko", "sanae",
        "yuriko", "hye-jin", "ji-won", "soo-jin", "leni", "risa", "imelda", "mariana", "guadalupe", "ximena",
        "luciana", "fernanda", "daniela", "paola", "graciela", "dolores", "beatriz", "ines", "marisol", "odile",
        "amandine", "ségolène", "anne-sophie", "mette", "kaja", "ursula",
        // Session 17: more women's given names of world news copy (as for the men's list above).
        "iris", "edda", "pia", "rana", "kasia", "ciara", "colleen", "bev", "bronwyn", "francesca", "chiara",
        "giulia", "alessandra", "elisa", "federica", "silvia", "valeria", "simona", "antonella", "gabriella",
        "donatella", "raffaella", "alejandra", "adriana", "catalina", "consuelo", "elvira", "esperanza",
        "estela", "eugenia", "inmaculada", "josefina", "juana", "leticia", "lorena", "luz", "macarena",
        "milagros", "nuria", "rocio", "rocío", "soledad", "susana", "joana", "conceicao", "conceição", "graca",
        "graça", "luisa", "marisa", "amelie", "amélie", "aurelie", "aurélie", "capucine", "chantal", "delphine",
        "elodie", "élodie", "genevieve", "geneviève", "helene", "hélène", "isabelle", "josiane", "manon",
        "martine", "monique", "pascale", "sandrine", "severine", "sophie", "sylvie", "veronique", "véronique",
        "anke", "christa", "dagmar", "elke", "gudrun", "hannelore", "inge", "irmgard", "jutta", "katja",
        "kerstin", "manuela", "martina", "monika", "silke", "susanne", "svenja", "ulla", "anneke", "maaike",
        "saskia", "mieke", "agneta", "birgitta", "camilla", "ebba", "frida", "hanne", "inger", "karina",
        "linnea", "maja", "malin", "pernille", "signe", "sofie", "tove", "ulrika", "anya", "nadezhda",
        "natalya", "polina", "raisa", "tamara", "yelena", "zoya", "agata", "dorota", "elzbieta", "elżbieta",
        "ewa", "grazyna", "halina", "jadwiga", "justyna", "kinga", "urszula", "vesna", "ljiljana", "snezana",
        "milica", "biljana", "ivana", "jasmina", "mirjana", "tatjana", "judit", "ildiko", "ildikó", "katalin",
        "zsuzsanna", "erzsebet", "dimitra", "eleni", "vasiliki", "ayşe", "fatma", "hatice", "meral", "tansu",
        "zehra", "gulsen", "asma", "basma", "dalia", "dunya", "fadia", "ghada", "hala", 
        "jamila", "lamia", "lubna", "maha", "manal", "nawal", "nisreen", "rasha", "reem", "rima", "sahar",
        "samar", "sawsan", "suha", "wafa", "azadeh", "fariba", "mahsa", "nasrin", "roya", "shahla", "soheila",
        "tahereh", "anita", "archana", "asha", "bhavna", "chitra", "deepika", "gauri", "indu", 
        "kalpana", "lata", "manisha", "meera", "nandini", "padma", "pallavi", "poonam", "priyanka",
        "radha", "ritu", "roopa", "sangeeta", "savita", "seema", "shalini", "sharmila", "shilpa", "shruti",
        "sonal", "sujata", "supriya", "usha", "vandana", "vidya", "hina", "fauzia", "abena", "ama", "akua",
        "adjoa", "esi", "yaa", "adaobi", "amaka", "chidinma", "chinwe", "ifeoma", "nkechi", "obiageli",
        "uchechi", "bisi", "funke", "titilayo", "yemisi", "hauwa", "wanjiru", "njeri", "wambui", "akinyi",
        "atieno", "achieng", "nyambura", "thandi", "palesa", "zodwa", "lerato", "nompumelelo", "haruka",
        "hanako", "kaori", "mariko", "megumi", "michiko", "naoko", "noriko", "sachiko", "tomoko", "yoshiko",
        "yumiko", "yuko", "xiaohong", "xiaoli", "meiling", "mei-ling", "ji-yeon", "min-ji", "soo-yeon",
        "eun-ji", "hye-won", "mai", "azizah", "rosmah", "fadhlina", "megawati", "susi",
    ];

    /// <summary>
    /// Lower-case particles inside names: "Nurul Izzah binti Kamal", "Ortega y Gasset", "Rhys ap
    /// Gwilym", "Maria das Dores", "Luca della Rosa", "Ahmed ould Salem".
    /// </summary>
    public static readonly string[] NameParticles = ["binti", "bte", "y", "das", "della", "degli", "dei", "ten", "ould", "ap"];

    /// <summary>
    /// Session 18 (s18-world): capitalized nouns that describe a person without naming one, which news writing uses to
    /// refer back to someone already introduced: demonyms of countries, regions and cities ("the Swede", "the Texan",
    /// "the Dubliner", "the Frenchwoman"), members of parties and movements outside the US ("the Tory", "the Lib Dem",
    /// "the Social Democrat", "the Brexiteer"), seat letters of legislatures ("the TD", "the MEP", "the MSP") and the two
    /// Irish offices ("the Taoiseach", "the Tánaiste"). After "the" such a word is a role, never a name. Demonyms in
    /// "-ese" and "Swiss" (also plural nouns for a people), and words that are also a newspaper's name ("The
    /// Australian", "The Oregonian", "The New Yorker") or a common given name are left out.
    /// </summary>
    public static readonly WordSet PersonDescriptors = new(StringComparer.OrdinalIgnoreCase)
    {
        // Nationals of countries, as nouns for one person.
        "Afghan", "Albanian", "Algerian", "American", "Andorran", "Angolan", "Argentine", "Argentinian", "Armenian",
        "Austrian", "Azerbaijani", "Bahamian", "Bahraini", "Bangladeshi", "Barbadian", "Belarusian", "Belgian",
        "Belizean", "Bolivian", "Bosnian", "Botswanan", "Brazilian", "Briton", "Brit", "Bruneian", "Bulgarian", "Burkinabe",
        "Burundian", "Cambodian", "Cameroonian", "Canadian", "Chadian", "Chilean", "Colombian", "Croat", "Croatian",
        "Cuban", "Cypriot", "Czech", "Dane", "Djiboutian", "Dutchman", "Dutchwoman", "Ecuadorian", "Egyptian", "Emirati",
        "Englishman", "Englishwoman", "Eritrean", "Estonian", "Ethiopian", "Fijian", "Filipino", "Filipina", "Frenchman",
        "Frenchwoman", "Gambian", "Georgian", "German", "Ghanaian", "Greek", "Grenadian", "Guatemalan", "Guinean",
        "Haitian", "Honduran", "Hungarian", "Icelander", "Indian", "Indonesian", "Iranian", "Iraqi", "Irishman",
        "Irishwoman", "Israeli", "Italian", "Ivorian", "Jamaican", "Jordanian", "Kazakh", "Kenyan", "Kiwi", "Kosovar",
        "Kuwaiti", "Latvian", "Liberian", "Libyan", "Lithuanian", "Luxembourger", "Malawian", "Malaysian", "Maldivian",
        "Malian", "Mauritanian", "Mauritian", "Mexican", "Moldovan", "Monegasque", "Mongolian", "Montenegrin",
        "Moroccan", "Mozambican", "Namibian", "Nepali", "Nicaraguan", "Nigerian", "Nigerien", "Norwegian", "Omani",
        "Pakistani", "Palestinian", "Panamanian", "Paraguayan", "Peruvian", "Pole", "Qatari", "Romanian", "Russian",
        "Rwandan", "Salvadoran", "Samoan", "Saudi", "Scot", "Scotsman", "Scotswoman", "Serb", "Serbian", "Singaporean",
        "Slovak", "Slovene", "Slovenian", "Somali", "Spaniard", "Swede", "Syrian", "Tajik", "Tanzanian", "Thai", "Tongan",
        "Trinidadian", "Tunisian", "Turk", "Ugandan", "Ukrainian", "Uruguayan", "Uzbek", "Venezuelan", "Welshman",
        "Welshwoman", "Yemeni", "Zambian", "Zimbabwean", "Aussie", "Kurd", "Basque", "Catalan", "Corsican", "Sicilian",
        "Bavarian", "Fleming", "Walloon", "Cornishman", "Ulsterman", "Highlander", "Yorkshireman", "Yorkshirewoman",

        // People of US states, provinces and cities.
        "Texan", "Californian", "Floridian", "Ohioan", "Virginian", "Kentuckian", "Louisianan", "Arizonan", "Coloradan",
        "Minnesotan", "Michigander", "Iowan", "Kansan", "Nebraskan", "Missourian", "Alabamian", "Mississippian",
        "Carolinian", "Pennsylvanian", "Vermonter", "Mainer", "Alaskan", "Hawaiian", "Montanan", "Utahn", "Nevadan",
        "Idahoan", "Wisconsinite", "Bostonian", "Chicagoan", "Angeleno", "Londoner", "Glaswegian", "Mancunian",
        "Liverpudlian", "Scouser", "Geordie", "Brummie", "Dubliner", "Corkonian", "Parisian", "Muscovite", "Berliner",
        "Neapolitan", "Venetian", "Quebecer", "Québécois", "Quebecois", "Albertan", "Ontarian", "Manitoban",
        "Newfoundlander", "Queenslander", "Tasmanian", "Sydneysider", "Melburnian", "Aucklander", "Mumbaikar", "Lagosian",

        // Members of parties and movements (US "Democrat"/"Republican" have their own rule, PartyRole).
        "Tory", "Conservative", "Labourite", "Liberal", "Socialist", "Nationalist", "Unionist", "Loyalist", "Communist", "Centrist",
        "Gaullist", "Peronist", "Chavista", "Brexiteer", "Remainer", "Blairite", "Corbynite", "Thatcherite", "Lib", "Dem",
        "Social", "Christian", "Free", "Democrat", "Green",

        // Seats of legislatures written as letters, and the Irish offices.
        "TD", "MEP", "MSP", "MLA", "MK", "MPP", "MNA", "MHA", "MLC", "Taoiseach", "Tánaiste", "Tanaiste",
    };

    /// <summary>
    /// Lower-case nouns for a person that news writing uses after "the" and modifiers to refer back to someone named
    /// ("the Labour politician said", "the veteran campaigner said", "the central banker told"), which the role list
    /// lacks because they are seldom written before a name. Resolved like any role word: the person given that word
    /// (or a particular title it covers), else the person the paragraph is about.
    /// </summary>
    public static readonly WordSet PersonNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "politician", "parliamentarian", "peer", "monarch", "cleric", "clergyman", "prelate", "banker", "campaigner",
        "columnist", "commentator", "pundit", "presenter", "academic", "scholar", "novelist", "poet", "playwright",
        "footballer", "cricketer", "athlete", "goalkeeper", "skipper", "frontbencher", "backbencher", "councillor",
        "councilor", "alderman", "chaplain", "vicar", "magistrate", "financier", "tycoon", "industrialist", "philanthropist",
        "blogger", "influencer", "epidemiologist", "virologist", "psychologist", "psychiatrist",
    };

    /// <summary>
    /// Of <see cref="PersonDescriptors"/>, words that only open a two-word party name ("Lib Dem", "Social Democrat",
    /// "Christian Democrat", "Free Democrat", "Liberal Democrat") and "Democrat", which alone is the US party's rule.
    /// </summary>
    public static bool IsPartyNameOpener(string w) => w is "Lib" or "Social" or "Christian" or "Free" or "Liberal";

    /// <summary>
    /// A capitalized word written with an apostrophe at its end that belongs to it (session 17): the Malay honorific
    /// "Dato'" ("Dato' Sri Hamzah Osman"), which would otherwise end the name run before the name.
    /// </summary>
    public static bool KeepsApostrophe(ReadOnlySpan<char> word) => word.Equals("Dato", StringComparison.OrdinalIgnoreCase);
}
