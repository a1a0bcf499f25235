namespace QuoteBot.Extraction.Tests;

/// <summary>A person's role words: the set is made only when a role is given; asking never makes it.</summary>
public sealed class EntityRolesTests
{
    private static Entity Person(int id) => new() { Id = id, Name = "Ana Ruiz", First = "Ana", Last = "Ruiz" };

    [Fact]
    public void NoRoleGiven_HasNone()
    {
        var e = Person(0);
        Assert.False(e.HasRoleWord("spokeswoman"));
        Assert.False(EntityRegistry.HasRole(e, "spokeswoman"));
        Assert.False(EntityRegistry.HasRole(e, "boss")); // a role with synonyms
    }

    [Fact]
    public void RoleGiven_FoundIgnoringCase_AndThroughASynonym()
    {
        var reg = new EntityRegistry(new ValueList<Mention>(), new ValueList<Mention>());
        var e = Person(0);
        reg.AddRole(e, "Manager");
        Assert.True(e.HasRoleWord("manager"));
        Assert.True(e.HasRoleWord("MANAGER"));
        Assert.False(e.HasRoleWord("coach"));
        Assert.True(EntityRegistry.HasRole(e, "boss")); // "boss" stands for a manager
        Assert.Contains("Manager", e.Roles);
        Assert.Single(e.Roles);
    }
}
