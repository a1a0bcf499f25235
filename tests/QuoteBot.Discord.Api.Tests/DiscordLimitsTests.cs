using QuoteBot.Discord.Api.Models;

namespace QuoteBot.Discord.Api.Tests;

public sealed class DiscordLimitsTests
{
    [Fact]
    public void Validate_EmbedsOverTotal6000_Throws()
    {
        Embed big = new() { Description = new string('d', 4000) };
        var message = new MessageCreate { Embeds = [big, big] };

        var error = Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(message));

        Assert.Contains("6000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ElevenEmbeds_Throws() =>
        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(new MessageCreate { Embeds = Enumerable.Repeat(new Embed { Title = "t" }, 11).ToList() }));

    [Theory]
    [InlineData(257, 0, 0, 0)]
    [InlineData(0, 4097, 0, 0)]
    [InlineData(0, 0, 257, 0)]
    [InlineData(0, 0, 0, 1025)]
    public void Validate_EmbedPartTooLong_Throws(int title, int description, int fieldName, int fieldValue)
    {
        var embed = new Embed
        {
            Title = new string('t', title),
            Description = new string('d', description),
            Fields = [new EmbedField { Name = new string('n', Math.Max(1, fieldName)), Value = new string('v', Math.Max(1, fieldValue)) }],
        };

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(embed));
    }

    [Fact]
    public void Validate_EmbedAtLimits_Passes()
    {
        var embed = new Embed
        {
            Title = new string('t', 256),
            Description = new string('d', 4096),
            Footer = new EmbedFooter { Text = new string('f', 1000) },
        };

        DiscordLimits.Validate(new MessageCreate { Content = new string('c', 2000), Embeds = [embed] });
    }

    [Fact]
    public void Validate_SixActionRows_Throws()
    {
        Component row = Component.ActionRow(Component.Button(ButtonStyle.Primary, "a", "a"));

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(new MessageCreate { Components = Enumerable.Repeat(row, 6).ToList() }));
    }

    [Fact]
    public void Validate_LinkButtonWithoutUrl_Throws()
    {
        var bad = new Component { Type = ComponentType.Button, Style = (int)ButtonStyle.Link, Label = "x", CustomId = "oops" };

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(new MessageCreate { Components = [Component.ActionRow(bad)] }));
    }

    [Fact]
    public void Validate_TextInputInMessage_Throws() =>
        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(new MessageCreate { Components = [Component.ActionRow(Component.TextInput("a", "b"))] }));

    [Fact]
    public void Validate_Autocomplete26Choices_Throws()
    {
        var choices = Enumerable.Range(0, 26).Select(i => new ApplicationCommandOptionChoice("c" + i, i));

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(InteractionResponse.Autocomplete(choices)));
    }

    [Fact]
    public void Validate_AutocompleteEmpty_Passes() =>
        DiscordLimits.Validate(InteractionResponse.Autocomplete([]));

    [Fact]
    public void Validate_ModalTitleOver45_Throws() =>
        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(
            InteractionResponse.Modal("m", new string('t', 46), Component.ActionRow(Component.TextInput("a", "b")))));

    [Fact]
    public void Validate_ModalWithoutComponents_Throws() =>
        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(InteractionResponse.Modal("m", "title")));

    [Fact]
    public void Validate_CommandRequiredOptionAfterOptional_Throws()
    {
        var command = new ApplicationCommand
        {
            Name = "quote",
            Description = "d",
            Options =
            [
                new() { Type = ApplicationCommandOptionType.String, Name = "a", Description = "a" },
                new() { Type = ApplicationCommandOptionType.String, Name = "b", Description = "b", Required = true },
            ],
        };

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(command));
    }

    [Fact]
    public void Validate_CommandChoicesAndAutocomplete_Throws()
    {
        var command = new ApplicationCommand
        {
            Name = "quote",
            Description = "d",
            Options = [new() { Type = ApplicationCommandOptionType.String, Name = "a", Description = "a", Autocomplete = true, Choices = [new("x", "x")] }],
        };

        Assert.Throws<ArgumentException>(() => DiscordLimits.Validate(command));
    }

    [Fact]
    public void Validate_MessageContextCommand_Passes() =>
        DiscordLimits.Validate(new ApplicationCommand { Type = ApplicationCommandType.Message, Name = "Find quotes in message" });
}
