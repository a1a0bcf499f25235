using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 16 (coreference, s16-coref): later mentions linked to a person named earlier where the older rules
/// left the quote without a speaker: the subject of a sentence over an unnamed person mentioned after it, role acronyms,
/// a narrative sentence opened by he/she or by a person after an opening clause, and a first or last name that is also
/// a common noun. Invented names and texts.
/// </summary>
public sealed class Session16CorefTests
{
    [Fact]
    public void Extract_PronounAfterNamedSubjectWithUnnamedPersonInRelativeClause_IsTheSubject()
    {
        var text = "Sketch\n\nSir Roderick Vane rose from the back benches and the chamber went quiet.\n\n"
            + "Sir Roderick smiled the smile of a man who has found a stone in his shoe. \"I always enjoy lunch with colleagues,\" he said.";
        Assert.Equal("Roderick Vane", Single(text, "I always enjoy").Speaker);
    }

    [Fact]
    public void Extract_PronounAfterUnnamedSubject_StaysUnnamed()
    {
        // Guard: the unnamed person is the subject of its own sentence, so the pronoun is that person (no name).
        var text = "Sketch\n\nSir Roderick Vane rose from the back benches.\n\n"
            + "Sir Roderick sat down. A man in the gallery stood up and waved a folder. \"Answer the question,\" he said.";
        Assert.Null(Single(text, "Answer the").Speaker);
    }

    [Fact]
    public void Extract_RoleAcronym_IsThePersonIntroducedWithTheJobWrittenOut()
    {
        var text = "Shares\n\nChief Financial Officer Oren Vask said hiring would slow until spring.\n\n"
            + "Another analyst, Pia Lund of Harrow Capital, asked about buybacks. The CFO said they would continue \"at a measured pace through the year.\"";
        Assert.Equal("Oren Vask", Single(text, "at a measured").Speaker);
    }

    [Fact]
    public void Extract_RoleAcronymWithNobodyIntroduced_StaysUnnamed()
    {
        // Guard: no chief financial officer was named, so the acronym names nobody.
        var text = "Shares\n\nThe results were weak.\n\n\"We will not cut the dividend,\" the CFO said.";
        Assert.Null(Single(text, "We will not").Speaker);
    }

    [Fact]
    public void Extract_QuoteAfterSentenceOpenedByPronoun_IsThatPerson()
    {
        var text = "Tour\n\nSenator Adaeze Ibekwe spent Friday in the river towns.\n\nIt was her fourth stop of the day.\n\n"
            + "She began, as she often does, with her uncle. \"He drove a lorry for thirty years. Then the depot shut.\"";
        Assert.Equal("Adaeze Ibekwe", Single(text, "He drove").Speaker);
    }

    [Fact]
    public void Extract_QuoteParagraphAfterNameBehindOpeningClause_IsThatPerson()
    {
        var text = "Tour\n\nSenator Adaeze Ibekwe spent Friday in the river towns.\n\n"
            + "The tour moves on Sunday. Asked as she climbed down from the trailer whether she could really win the county, Ibekwe grinned.\n\n"
            + "\"My uncle would say, wait for November.\"";
        Assert.Equal("Adaeze Ibekwe", Single(text, "My uncle").Speaker);
    }

    [Fact]
    public void Extract_GivenNameThatIsACommonNoun_IsThePersonNamedInFull()
    {
        var text = "Farm\n\nBill Ndlovu, who farms sheep north of town, stood up near the end of the meeting.\n\n"
            + "\"My grandfather got his first loan in that building,\" Bill says afterwards.";
        Assert.Equal("Bill Ndlovu", Single(text, "My grandfather").Speaker);
    }

    [Fact]
    public void Extract_SurnameThatIsACommonNoun_IsThePersonNamedInFull()
    {
        var text = "Resign\n\nThe Workers' Party leader, Bernadette Fox, said the resignation changed nothing. "
            + "\"They can change the driver as often as they like,\" Fox said in a speech on Monday.";
        Assert.Equal("Bernadette Fox", Single(text, "They can change").Speaker);
    }

    [Fact]
    public void Extract_CommonNounWithNobodySoNamed_StaysUnnamed()
    {
        // Guard: nobody is named Bill, so the word names nobody.
        var text = "Farm\n\nThe bill passed on Tuesday.\n\n\"My grandfather got his first loan in that building,\" Bill says afterwards.";
        Assert.Null(Single(text, "My grandfather").Speaker);
    }
}
