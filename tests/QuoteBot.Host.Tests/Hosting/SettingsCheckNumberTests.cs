using Microsoft.Extensions.Configuration;
using QuoteBot.Host.Hosting;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>
/// Whole numbers are checked by parsing (no TypeDescriptor, which the Native AOT build cannot rely on): in range or
/// "is out of range", signs and surrounding spaces as the binder takes them. Every setting's type is one the check
/// knows, so no setting goes unchecked.
/// </summary>
public sealed class SettingsCheckNumberTests
{
    private static IReadOnlyList<string> Check(string key, string value) =>
        SettingsCheck.Check(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build());

    [Theory]
    [InlineData("Telegram:MaxConcurrency", "2147483647")]
    [InlineData("Telegram:MaxConcurrency", "-2147483648")]
    [InlineData("Telegram:MaxConcurrency", " +12 ")]
    [InlineData("Telegram:Moderators:0", "9223372036854775807")]
    [InlineData("Telegram:Moderators:0", "-100123")]
    public void WholeNumberInRange_NoProblem(string key, string value) =>
        Assert.Empty(Check(key, value));

    [Theory]
    [InlineData("Telegram:MaxConcurrency", "2147483648", "Telegram:MaxConcurrency is out of range (it is '2147483648').")]
    [InlineData("Telegram:MaxConcurrency", "-2147483649", "Telegram:MaxConcurrency is out of range (it is '-2147483649').")]
    [InlineData("Telegram:Moderators:0", "9223372036854775808", "Telegram:Moderators:0 is out of range (it is '9223372036854775808').")]
    [InlineData("Telegram:MaxConcurrency", "12.5", "Telegram:MaxConcurrency must be a whole number (it is '12.5').")]
    [InlineData("Telegram:MaxConcurrency", "0x10", "Telegram:MaxConcurrency must be a whole number (it is '0x10').")]
    public void WholeNumberOutOfRangeOrNotWhole_OneSentence(string key, string value, string expected) =>
        Assert.Equal(expected, Assert.Single(Check(key, value)));

    [Theory]
    [InlineData("Storage:PostingsIndex", "false")]
    [InlineData("storage:postingsindex", "maybe")]
    public void RetiredSetting_PassesTheCheck(string key, string value) =>
        Assert.Empty(Check(key, value));

    [Fact]
    public void RetiredSettingsTypo_IsStillUnknown() =>
        Assert.StartsWith("Storage:PostingsIndexes is not a QuoteBot setting", Assert.Single(Check("Storage:PostingsIndexes", "false")), StringComparison.Ordinal);

    [Fact]
    public void EverySetting_HasATypeTheCheckKnows()
    {
        Type[] checkedTypes = [typeof(string), typeof(bool), typeof(TimeSpan), typeof(int), typeof(long), typeof(short), typeof(uint), typeof(ulong), typeof(double), typeof(decimal), typeof(Uri)];
        foreach (var (section, property) in SettingsCheck.Known())
        {
            var type = property.PropertyType.IsArray ? property.PropertyType.GetElementType()! : property.PropertyType;
            type = Nullable.GetUnderlyingType(type) ?? type;

            Assert.True(type.IsEnum || checkedTypes.Contains(type), $"{section}:{property.Name} is a {type.Name}, which SettingsCheck does not check");
        }
    }
}
