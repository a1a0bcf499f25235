using QuoteBot.Extraction;
using static QuoteBot.Extraction.Tests.PlainTextExtraction;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// Issue 12, session 19 (wrong names, s19-other): mechanisms that gave a quote another name. A gender guessed from a
/// given name's ending gives way to the article's own pronouns for that person; a relative clause after a description
/// ("X, the Democrat who wrote the bill, who told …") is about the person named before the description; a body's name
/// keeps its "for"/"of" tail ("International Organization for Migration"); a country or bloc in a clause a named person
/// reports ("X said that the EU was insisting on "…"") does not take the quote from that person. Guards keep a body
/// with a noun of its own, a second person inside the description and a one-person paragraph as they were. Invented
/// names and texts.
/// </summary>
public sealed class Session19OtherTests
{
    [Fact]
    public void Extract_GivenNameEndingInAWithHe_IsAManForALaterPronoun()
    {
        var text = "Pact\n\nHost President Adiprana Wicaksono, the summit's chair, called the pact \"a promise not to surprise ourselves.\" "
            + "Speaking through an interpreter, he said the exemptions were temporary.\n\n"
            + "\"This is development, not protectionism,\" Adiprana said.\n\n"
            + "Beijing sent Vice Minister Liu Wenbo. \"We are always studying,\" he said.\n\n"
            + "Adiprana ended the news conference by thanking the interpreters. \"Without them we would have agreed to other things,\" he said.";
        Assert.Equal("Adiprana Wicaksono", Single(text, "Without them").Speaker);
        Assert.Equal("Liu Wenbo", Single(text, "We are always studying").Speaker);
    }

    [Fact]
    public void Extract_GivenNameEndingInAWithoutPronounInHerParagraph_StaysAWoman()
    {
        // Guard: a "he" in a later paragraph, with no name in between, casts no vote against the spelling.
        var text = "Vote\n\nMarta Kellner's party, the Civic Union, split last year. Marta Kellner voted against the motion.\n\n"
            + "On the balcony, the president thanked the crowd.\n\n"
            + "\"Wait for the election like everyone else,\" he said.";
        Assert.NotEqual("Marta Kellner", Single(text, "Wait for the election").Speaker);
    }

    [Fact]
    public void Extract_WhoClauseAfterDescriptionOfNamedPerson_IsThatPerson()
    {
        var text = "Buses\n\nDana Pruitt has made transit a theme of her show.\n\n"
            + "On Monday she singled out state Sen. Carla Weems, the Democrat who wrote the bill, who told a Denver radio station last week "
            + "that the changes were about \"fixing the buses, not punishing riders.\"";
        Assert.Equal("Carla Weems", Single(text, "fixing the buses").Speaker);
    }

    [Fact]
    public void Extract_WhoClauseAfterDescriptionNamingAnotherPerson_IsNotTheFirstName()
    {
        // Guard: the description names a second person, so the relative clause's antecedent is not clear.
        var text = "Aide\n\nHost Ivo Marsh, the aide to Sen. Paula Drexel, who told reporters on Friday that the plan was "
            + "\"dead on arrival in committee,\" left the room.";
        Assert.NotEqual("Ivo Marsh", Single(text, "dead on arrival").Speaker);
    }

    [Fact]
    public void Extract_BodyNameWithForInside_KeepsItsWholeName()
    {
        var text = "Boats\n\nThe International Organization for Migration said in a statement that 40 people had died. "
            + "\"The numbers are a symptom of a crisis in the region,\" the organization said.\n\n"
            + "The Institute for Fiscal Studies said the plan \"does not add up on any honest reading.\"";
        Assert.Equal("International Organization for Migration", Single(text, "The numbers are a symptom").Speaker);
        Assert.Equal("Institute for Fiscal Studies", Single(text, "does not add up").Speaker);
    }

    [Fact]
    public void Extract_BlocInsideClauseReportedByNamedPerson_IsThatPerson()
    {
        var text = "Fish\n\nThe UK's chief negotiator, Alan Pryce, said in a statement posted online minutes later that the EU was "
            + "insisting on \"novel and unbalanced proposals\" that no country could accept.";
        Assert.Equal("Alan Pryce", Single(text, "novel and unbalanced").Speaker);
    }

    [Fact]
    public void Extract_CountryInsideClauseReportedByNamedPerson_IsThatPerson()
    {
        var text = "Dam\n\nForeign Minister Farid Tolan said on Tuesday that Orvenia had demanded \"guarantees no engineer on earth could give.\"";
        Assert.Equal("Farid Tolan", Single(text, "guarantees no engineer").Speaker);
    }

    [Fact]
    public void Extract_MinistryInsideClauseReportedByNamedPerson_StaysTheMinistry()
    {
        // Guard: a body with a noun of its own speaks in statements; its words stay its own.
        var text = "Budget\n\nMara Lind said the Finance Ministry had called the plan \"a reckless gamble with public money.\"";
        Assert.Equal("Finance Ministry", Single(text, "a reckless gamble").Speaker);
    }
}
