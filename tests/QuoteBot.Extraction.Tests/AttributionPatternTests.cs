using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>Issue 12, third round: speaker patterns of real news that the rules missed (one small original text each).</summary>
public sealed class AttributionPatternTests
{
    [Theory]
    [InlineData("Brightwater Seafoods Ltd. will close its cannery in Port Addley, the company said on Tuesday. \"We see no route back to profit at this site,\" the company said in a statement.", "We see no route", "Brightwater Seafoods")]
    [InlineData("The Ministry of Fisheries and Coastal Affairs said it had not been consulted. \"We learned of this from the radio like everyone else,\" the ministry said.", "We learned", "Ministry of Fisheries and Coastal Affairs")]
    [InlineData("The Ministry of Labour reacted within hours. \"This is a hard day for the whole town,\" the ministry said.", "This is a hard day", "Ministry of Labour")]
    [InlineData("The North Coast Development Agency will open an office. \"Every worker will get an adviser within ten days,\" the agency said in a statement.", "Every worker", "North Coast Development Agency")]
    public void Extract_OrganisationNounAfterTheBodyWasNamed_IsThatOrganisation(string text, string quote, string speaker)
    {
        var q = Single(text, quote);
        Assert.Equal(speaker, q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Fact]
    public void Extract_CompanyNounSkipsPlacesAndPublicBodies()
    {
        // "Port Addley" is a town and the ministry is no company: "the company" is the firm named first.
        var text = "Kestrel Dynamics will cut 400 jobs in Port Addley. The Ministry of Labour was not told.\n\n\"We regret the impact on our staff,\" the company said.";
        Assert.Equal("Kestrel Dynamics", Single(text, "We regret").Speaker);
    }

    [Fact]
    public void Extract_CompanyIsNoPersonForPronouns()
    {
        // A company named as a subject is not a person that "she" can stand for.
        var text = "Kestrel Dynamics, the drone maker, announced the cuts on Tuesday.\n\n\"I have worked there nineteen years,\" she said.";
        Assert.Null(Single(text, "I have worked").Speaker);
    }

    [Fact]
    public void Extract_SaidTheGroupWithAVerbAfterIt_IsNoInvertedSubject()
    {
        // "said the group wanted …": the group is the subject of the reported clause, not the speaker.
        var text = "Negotiators from the Eastern Provinces met on Thursday. A spokesman for the delegation, who asked not to be named, said the group wanted \"guarantees, not promises\" first.";
        Assert.Null(Single(text, "guarantees").Speaker);
    }

    [Fact]
    public void Extract_AccordingToAStatementFromACompany_IsTheCompany()
    {
        var text = "Two buyers looked at the site. \"Neither offer was viable in the end,\" according to a statement from Brightwater Seafoods.";
        var q = Single(text, "Neither offer");
        Assert.Equal("Brightwater Seafoods", q.Speaker);
        Assert.Equal(SpeakerKind.Organisation, q.SpeakerKind);
    }

    [Theory]
    [InlineData("Mayor Lena Ortiz spoke first.\n\n\"I have cleaned fish on that line since I was seventeen,\" she said. Rosa Delgado, 52, a shift supervisor, said she would not move.", "I have cleaned", "Rosa Delgado")]
    [InlineData("Councillor Dennis Okoro voted against it. \"None of them were here tonight,\" Okoro said.\n\n\"I take the 14 to dialysis three times a week,\" he said. Walter Finch, 77, a retired machinist, waited for the last bus.", "I take the 14", "Walter Finch")]
    public void Extract_PronounBeforeTheNameIsIntroduced_IsThatPerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_PronounFollowedByAPersonAlreadyNamed_KeepsThePronounsReferent()
    {
        // Only a name introduced right there is cataphoric; a person named before is not.
        var text = "Rosa Delgado and Mayor Lena Ortiz toured the plant.\n\n\"We will fight for every job,\" she said. Rosa Delgado, 52, stayed behind.";
        Assert.Equal("Lena Ortiz", Single(text, "We will fight").Speaker);
    }

    [Theory]
    [InlineData("Peter Vance has worked there 31 years.\n\n\"The town will survive, because it always has.\" That was how the harbor master, Ines Moreau, put it.", "Ines Moreau")]
    [InlineData("Peter Vance has worked there 31 years.\n\n\"Nobody saw it coming.\" That was how Ben Okafor, 42, put it.", "Ben Okafor")]
    public void Extract_ThatWasHowNamePutIt_IsThatPerson(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_LiveBlogTimestamp_DoesNotHideTheSubject()
    {
        var text = "Live coverage of election night.\n\n9:40 p.m. \u2014 Julia Hartman arrived at her party to loud cheers and briefly addressed the crowd.\n\n\"Whatever happens tonight, you built something here.\"\n\n11:52 p.m. \u2014 Neil Stroud has called Hartman to concede, his campaign says.\n\n12:10 a.m. \u2014 Hartman takes the stage. \"I called him a worthy opponent all year,\" the governor-elect said.";
        Assert.Equal("Julia Hartman", Single(text, "Whatever happens").Speaker);
        Assert.Equal("Julia Hartman", Single(text, "I called him").Speaker);
    }

    [Fact]
    public void Extract_SaidPossessiveRoleCommaName_IsTheName()
    {
        var text = "Julia Hartman trails early. \"It's early, it's early,\" said Hartman's spokeswoman, Keisha Lamont, when asked about the numbers.";
        Assert.Equal("Keisha Lamont", Single(text, "It's early").Speaker);
    }

    [Theory]
    [InlineData("Jamal Brooks, who scored the only goal, was blunter. \"It was a penalty. Everybody saw it,\" said the 22-year-old.", "It was a penalty", "Jamal Brooks")]
    [InlineData("Owen Marsh, who captained the side, denied touching Brooks. \"I got the ball. I'm sure of it,\" the defender said.", "I got the ball", "Owen Marsh")]
    public void Extract_DescriptionOfThePersonJustNamed_IsThatPerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Fact]
    public void Extract_CapitalizedRoleApposition_LetsTheRoleNounReferToThePerson()
    {
        var text = "The decision left the Chancellor, Harriet Church, facing a gap in her budget.\n\nSpeaking in Leeds, Tom Rice said little. \"We have one budget and one plan,\" the chancellor added.";
        Assert.Equal("Harriet Church", Single(text, "We have one budget").Speaker);
    }

    [Theory]
    [InlineData("Sen. Ruben Calloway, D-Calif., and Rep. Jim Hardesty, R-Ky., met on Tuesday. \"This is a giveaway to the banks,\" the California Democrat said.", "Ruben Calloway")]
    [InlineData("Sen. Ruben Calloway, D-Calif., and Rep. Jim Hardesty, R-Ky., met on Tuesday. \"It's a jobs bill, plain and simple,\" the Kentucky Republican told reporters.", "Jim Hardesty")]
    [InlineData("Rep. Jim Hardesty (R-Ky.) and Sen. Lorna Ashby (D-Ore.) disagreed. \"We will not be lectured,\" the Republican added.", "Jim Hardesty")]
    [InlineData("Democrat Julia Hartman and Republican Neil Stroud debated on Monday. \"Taxes will not rise,\" the Republican said.", "Neil Stroud")]
    public void Extract_StateAndPartyDescriptor_IsThePersonWithThatTag(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_PartyDescriptorWithAnotherState_IsNotPinnedOnTheWrongPerson()
    {
        var text = "Rep. Jim Hardesty, R-Ky., spoke first. \"This is a giveaway to the banks,\" the Ohio Republican said.";
        Assert.Null(Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_TheSenatorFromState_IsTheSenatorThisParagraphIsAbout()
    {
        var text = "Sen. Ruben Calloway, D-Calif., backs the bill. An aide to Sen. Paul Brandt said he had not decided.\n\nCalloway was asked whether it would pass. \"It will pass if it gets a vote,\" the senator from California said.";
        Assert.Equal("Ruben Calloway", Single(text, "It will pass").Speaker);
    }

    [Theory]
    [InlineData("\"We are looking at all options,\" a spokesperson for Governor Ruth Kimani said.")]
    [InlineData("\"No comment on the talks today,\" said an aide to Sen. Paul Brandt.")]
    [InlineData("An aide to Mayor Bernadette Quill said the mayor was \"watching closely and not happy.\"")]
    public void Extract_SomeoneUnnamedSpeakingForANamedPerson_NoSpeaker(string text)
    {
        Assert.Null(Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_HonorificSurnameThenBareSurname_KeepsTheGender()
    {
        // "Mr. Okafor" makes the bare "Okafor" a man, so "she" after he criticized Lindqvist is Lindqvist.
        var text = "Mr. Okafor and Ms. Lindqvist met in March.\n\nOkafor criticized Lindqvist over the delay on Monday. \"We were misled from the start,\" she said.";
        Assert.Equal("Lindqvist", Single(text, "We were misled").Speaker);
    }

    [Fact]
    public void Extract_ShortAnswerAfterSaidColon_IsKept()
    {
        var q = Assert.Single(Extract("Asked whether he would resign, Sigurd Lindqvist said: \"Absolutely not.\""));
        Assert.Equal("Absolutely not.", q.Text);
        Assert.Equal("Sigurd Lindqvist", q.Speaker);
    }

    [Theory]
    [InlineData("Maria Ruiz and John Doe debated.\n\n\"Why now?\" Ruiz asked.\n\nAsked if he would debate again, Doe shrugged. \"Sure. Why not?\"", "Sure", "John Doe")]
    [InlineData("Howard Fenn has used the branch since it opened in 1978. Fenn stood at the microphone for his full three minutes. \"This building taught my kids to read.\"", "This building", "Howard Fenn")]
    public void Extract_QuoteAfterANarrativeSentenceAboutAPerson_IsThatPerson(string text, string quote, string speaker)
    {
        Assert.Equal(speaker, Single(text, quote).Speaker);
    }

    [Theory]
    [InlineData("Howard Fenn spoke last. In Fenn's words, the branch is \"the only room in town where nobody sells anything.\"", "Howard Fenn")]
    [InlineData("The branch opened in 1978. In the words of Howard Fenn, it is \"the only room in town where nobody sells anything.\"", "Howard Fenn")]
    public void Extract_InSomebodysWords_IsThatPerson(string text, string speaker)
    {
        Assert.Equal(speaker, Assert.Single(Extract(text)).Speaker);
    }

    [Fact]
    public void Extract_PlainTextOpEdWithByline_FirstPersonIsTheAuthor()
    {
        var text = "Our school district is heading for a cliff\n\nBy Grace Whitfield\n\nA father stood up and asked about the football lights. \"You are right to be angry, and we got the priorities wrong,\" I told him.";
        var article = Article.FromPlainText("op-ed.txt", text);
        Assert.Equal("Grace Whitfield", article.Meta.Author);
        Assert.Equal("Grace Whitfield", Single(text, "You are right").Speaker);
    }

    [Theory]
    [InlineData("By a political correspondent")]
    [InlineData("By the time the vote came, the hall was empty.")]
    public void Extract_ByLineThatNamesNobody_IsNoAuthor(string line)
    {
        Assert.Null(Article.FromPlainText("a.txt", "Headline for the story here\n\n" + line + "\n\nThe council met on Monday.").Meta.Author);
    }
}
