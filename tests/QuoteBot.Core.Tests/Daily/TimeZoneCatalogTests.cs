using QuoteBot.Core.Daily;

namespace QuoteBot.Core.Tests.Daily;

public class TimeZoneCatalogTests
{
    [Fact]
    public void Suggest_IdPrefixAnyCase_ListsMatchingIds()
    {
        var found = TimeZoneCatalog.Suggest("europe/k", 25);

        Assert.Contains("Europe/Kyiv", found);
        Assert.All(found, id => Assert.StartsWith("Europe/K", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Suggest_CityPrefix_FindsTheZone()
    {
        Assert.Equal("Europe/Kyiv", TimeZoneCatalog.Suggest("kyiv", 25)[0]);
        Assert.Contains("America/New_York", TimeZoneCatalog.Suggest("new y", 25));
        Assert.Contains("Australia/Lord_Howe", TimeZoneCatalog.Suggest("lord", 25));
    }

    [Fact]
    public void Suggest_Limit_IsRespected()
    {
        Assert.Equal(25, TimeZoneCatalog.Suggest(string.Empty, 25).Count);
        Assert.Equal(5, TimeZoneCatalog.Suggest("America/", 5).Count);
        Assert.Empty(TimeZoneCatalog.Suggest("zzzz", 25));
        Assert.Empty(TimeZoneCatalog.Suggest("Europe", 0));
    }

    [Theory]
    [InlineData("Europe/Kyiv", "Europe/Kyiv")]
    [InlineData("europe/kyiv", "Europe/Kyiv")]
    [InlineData(" America/New_York ", "America/New_York")]
    [InlineData("UTC", "UTC")]
    public void TryFind_KnownZone_ResolvesCanonicalSpelling(string input, string id)
    {
        Assert.True(TimeZoneCatalog.TryFind(input, out var zone));
        Assert.Equal(id, zone.Id);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("Europe/Kyiv; DROP TABLE")]
    [InlineData("")]
    [InlineData(null)]
    public void TryFind_UnknownOrHostileInput_ReturnsFalse(string? input)
    {
        Assert.False(TimeZoneCatalog.TryFind(input, out _));
    }

    [Fact]
    public void All_EveryListedId_ResolvesOnThisMachine()
    {
        var missing = TimeZoneCatalog.All.Where(id => !TimeZoneCatalog.TryFind(id, out _)).ToArray();

        Assert.True(TimeZoneCatalog.All.Count > 300);
        Assert.Empty(missing);
    }
}
