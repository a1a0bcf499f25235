using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 23 (s23-frames): the speaker is a sentence's person, but a pronoun, a frame or an insertion loses
/// it. A "he"/"she" after narrative sentences goes to the person those sentences name (object or subject), not to an
/// older speaker; a pluperfect inner cue reports inside the outer speaker's clause; the subject governs a participle
/// after its object; a first-person "when I asked" clause is no frame; "X is quoted as telling", "the paper quotes him
/// as saying", "X, speaking in three languages, said"; an infinitive in a noun phrase after a quote is no tail. Guards
/// keep the unnamed, the object's own words and the last speaker. Invented names and texts.
/// </summary>
public sealed class Session23FramesTests
{
    private const string Library = "Library cuts bite\n\n"
        + "Librarian Ruth Amsel said the branch had 400 visitors a week. \"We are the only warm room on this street,\" Amsel said.\n\n"
        + "\"It is a false choice, and the leader knows it,\" said Dora Quint, who leads the opposition group.\n\n";

    [Fact]
    public void Extract_SheSaidAfterTheWriterReadSomethingToAPerson_IsThatPersonNotTheLastSpeaker()
    {
        var text = Library + "I read the council's letter to Amsel. She laughed. \"They have never been inside,\" she said.";
        Assert.Equal("Ruth Amsel", Single(text, "They have never been inside").Speaker);
    }

    [Fact]
    public void Extract_SheLaughsAfterAClauseNamingThePerson_IsThatPerson()
    {
        var text = Library + "When I put the council's figures to Amsel, she laughs. \"Count the coats on the chairs,\" she says.";
        Assert.Equal("Ruth Amsel", Single(text, "Count the coats").Speaker);
    }

    [Fact]
    public void Extract_HeSaidAfterAParagraphWhoseSpeechVerbHasANamedSubject_IsThatSubject()
    {
        // Guard: the chain into the paragraph before agrees with speaker tracking here.
        var text = "Port row\n\n\"We expelled them because they broke the rules,\" said Foreign Minister Peter Brenn.\n\n"
            + "Dockers' union leader Tavo Rindell told the local paper that his members felt \"used by both sides\" and that nobody had been charged.\n\n"
            + "\"If there was a spy on my docks, show me his face,\" he said.";
        Assert.Equal("Tavo Rindell", Single(text, "If there was a spy").Speaker);
    }

    [Fact]
    public void Extract_SheSaidAfterAnOpeningPhraseNamingAPlace_IsThePersonBefore()
    {
        var text = "Government survives\n\nPrime Minister Hélène Varda won the vote. Varda shook hands with the ministers around her; she did not smile.\n\n"
            + "Speaking to reporters in the Salle des Quatre Piliers after the result, she said: \"Tonight the chamber chose stability.\"";
        Assert.Equal("Hélène Varda", Single(text, "Tonight the chamber").Speaker);
    }

    [Fact]
    public void Extract_SheSaidAfterAnUnnamedPerson_StaysUnnamed()
    {
        // Guard: an unnamed person in the sentence before ends the chain.
        var text = Library + "I spoke to a reader in the branch who asked me not to print her name. \"This is where I do my forms,\" she said.";
        Assert.Null(Single(text, "This is where I do my forms").Speaker);
    }

    [Fact]
    public void Extract_SheSaidAfterAccusedSentenceWithAManAsObject_IsTheSubject()
    {
        // Guard: the man who spoke last is the object, but "she" cannot be him; the subject keeps the pronoun.
        var text = "Debate night\n\nPeter Gaines called the tolls \"highway robbery with a transponder\" and promised to cap them. "
            + "Sandra Whitley accused Gaines of voting for the toll contract when he was a delegate. "
            + "\"He wrote the contract, and now he wants credit for complaining about it,\" she said.";
        Assert.Equal("Sandra Whitley", Single(text, "He wrote the contract").Speaker);
    }

    [Fact]
    public void Extract_PluperfectInnerCueWithABodyAsSubject_IsTheOuterSpeaker()
    {
        var text = "Rally\n\nLok Morcha leader Prakash Varma addressed a crowd on Sunday.\n\n"
            + "Speaking in Hindi, Mr. Varma said the ruling alliance had promised ten lakh jobs and delivered \"not even one lakh\".";
        Assert.Equal("Prakash Varma", Single(text, "not even one lakh").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterTheObjectOfTheSentence_IsTheSentenceSubject()
    {
        var text = "Town hall\n\nSen. Miriam Vole spoke for an hour on Tuesday.\n\n"
            + "She also went after Sen. Paul Dorn, an Iowa Republican who voted for the bailout, saying, \"You cannot bail out a house you set on fire.\"";
        Assert.Equal("Miriam Vole", Single(text, "You cannot bail out").Speaker);
    }

    [Fact]
    public void Extract_ParticipleAfterAnAppositionObjectAndAnOpeningPhrase_IsTheSentenceSubject()
    {
        var text = "Convention\n\nJonah Ferrier won the party's endorsement on Saturday.\n\n"
            + "In his nominating speech earlier in the day, Ferrier went after the Republican incumbent, Attorney General Dwight Kessel, "
            + "accusing him of having \"spent four years suing for headlines.\"";
        Assert.Equal("Jonah Ferrier", Single(text, "spent four years").Speaker);
    }

    [Fact]
    public void Extract_UsedToSayWhenIComplained_IsTheOneWhoUsedToSay()
    {
        var text = "Lessons\n\nBy Rasa Lindqvist\n\nThat is the lesson my grandmother, Ona Valaitis, drew from her life. "
            + "She used to say, when I complained about the price of something: \"Cheap bread from a stranger's oven is the dearest bread there is.\"";
        Assert.Equal("Ona Valaitis", Single(text, "Cheap bread").Speaker);
    }

    [Fact]
    public void Extract_WhenIAskedThenSheWasHonestColon_IsThePronounsPerson()
    {
        var text = "Island tax\n\nBy Yannis Corr\n\nThe mayor, Eleni Makri, made her case well. \"It is fair that visitors contribute,\" she told me.\n\n"
            + "When I asked the mayor how much of the fee would go to housing for teachers, she was honest: \"None of it, for now.\"";
        Assert.Equal("Eleni Makri", Single(text, "None of it").Speaker);
    }

    [Fact]
    public void Extract_WhenIAskedHimThenHeShruggedThenAQuote_IsThePronounsPerson()
    {
        var text = "Lords\n\nBy Ruth Orme\n\nLord Hugo Lane sat in the chamber for forty years. Lane usually had a short answer. "
            + "When I asked him once what he thought of a bill he had voted against, he shrugged. \"It is the kind of thing that seems clever on a Thursday.\"";
        Assert.Equal("Hugo Lane", Single(text, "It is the kind of thing").Speaker);
    }

    [Fact]
    public void Extract_IsQuotedAsTellingSomeone_IsThePersonQuoted()
    {
        var text = "Bribery case\n\nState Rep. Lamar Giddon was arrested on Thursday.\n\n"
            + "In one of those recordings, made at a restaurant in Ridgefield in March 2021, Giddon is quoted as telling the consultant, "
            + "\"You take care of me, the committee takes care of you.\"";
        Assert.Equal("Lamar Giddon", Single(text, "You take care of me").Speaker);
    }

    [Fact]
    public void Extract_ThePaperQuotesHimAsSaying_IsThePersonNamedBefore()
    {
        var text = "Papers\n\nAccording to the Daily Ledger, the former minister Anthony Vale has been ringing colleagues late into the night. "
            + "The paper quotes him as saying: \"This is not the deal the country voted for.\"";
        Assert.Equal("Anthony Vale", Single(text, "This is not the deal").Speaker);
    }

    [Fact]
    public void Extract_NameThenParticipleInsertionWithAListThenSaid_IsTheName()
    {
        var text = "Parliament\n\nCommission President Helga Brandvold, speaking in English, French and German, said the union would "
            + "\"always be close to the islanders\", but warned that talks would be hard.";
        Assert.Equal("Helga Brandvold", Single(text, "always be close").Speaker);
    }

    [Fact]
    public void Extract_InfinitiveInANounPhraseAfterAQuote_IsNoTailAndTheHeadSpeakerStays()
    {
        var text = "Border bill\n\nSen. Ruth Fairholm, who wrote much of it, told reporters afterward that she was \"embarrassed for the institution,\" "
            + "a remarkable thing for a 20-year veteran to say about a chamber she loves.";
        Assert.Equal("Ruth Fairholm", Single(text, "embarrassed for the institution").Speaker);
    }

    [Fact]
    public void Extract_HeSaidAfterASentenceOpenedByHe_ChainsBackOverTheObjectToTheSpeaker()
    {
        // Guard: "He praised Parr." continues the chain (its "He" is the earlier speaker); Parr, the object, is not taken.
        var text = "Senate\n\n\"This bill is a promise kept,\" said Sen. Tomas Hale. He praised Sen. Dennis Parr for his patience.\n\n"
            + "\"He had every chance to make this bill better,\" he said.";
        Assert.Equal("Tomas Hale", Single(text, "He had every chance").Speaker);
    }

    [Fact]
    public void Extract_AccusedSomeoneOfSaying_IsTheOneAccused()
    {
        // A quote inside the object is the object's words.
        var text = "Council row\n\nMayor Dana Ruel spoke first. Councillor Ivo Marsh accused Ruel of saying \"the east side can wait another year\" at a closed meeting.";
        Assert.Equal("Dana Ruel", Single(text, "the east side can wait").Speaker);
    }

    [Fact]
    public void Extract_AccusedSomeoneOfAnAct_StaysWithTheSubject()
    {
        // Guard: "accused X of (being) "…"" without a speech participle is the subject's characterisation.
        var text = "Council row\n\nMayor Dana Ruel spoke first. Councillor Ivo Marsh accused Ruel of \"selling the east side to the highest bidder\".";
        Assert.Equal("Ivo Marsh", Single(text, "selling the east side").Speaker);
    }
}
