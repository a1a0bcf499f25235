using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using QuoteBot.Host.Hosting;
using QuoteBot.Host.Tests.Cli;

namespace QuoteBot.Host.Tests.Hosting;

/// <summary>Every bad setting stops the start with one line naming the setting, exit code 1, no .NET words.</summary>
[Collection("console")]
public class SettingsTests
{
    private static readonly string AppSettings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    /// <summary>The settings of config/appsettings.json as "Section:Key" → JSON value (the Logging section is the logger's own).</summary>
    private static Dictionary<string, JsonElement> Documented()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(AppSettings));
        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in doc.RootElement.EnumerateObject().Where(s => s.Name != "Logging"))
        {
            foreach (var key in section.Value.EnumerateObject())
            {
                result[$"{section.Name}:{key.Name}"] = key.Value.Clone();
            }
        }

        return result;
    }

    [Fact]
    public void AppSettings_ListsEverySettingAndNothingElse()
    {
        var documented = Documented().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = SettingsCheck.Known().Select(k => $"{k.Section}:{k.Property.Name}").ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Empty(known.Except(documented));
        Assert.Empty(documented.Except(known));
    }

    [Fact]
    public void AppSettings_AsShipped_HasNoProblem()
    {
        var config = new ConfigurationBuilder().AddJsonFile(AppSettings).Build();

        Assert.Empty(SettingsCheck.Check(config));
    }

    /// <summary>Each setting of appsettings.json whose value is not free text, given a value of the wrong kind.</summary>
    public static TheoryData<string, string> EveryTypedSetting()
    {
        var data = new TheoryData<string, string>();
        foreach (var (section, property) in SettingsCheck.Known())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var name = $"{section}:{property.Name}";
            if (type.IsArray)
            {
                data.Add(name + ":0", "not-a-number");
            }
            else if (type != typeof(string) || property.GetCustomAttributes(typeof(ChoicesAttribute), false).Length > 0)
            {
                data.Add(name, "not-a-value");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTypedSetting))]
    public void Check_EveryTypedSetting_BadValueIsOneSentenceNamingIt(string name, string value)
    {
        var config = new ConfigurationBuilder().AddJsonFile(AppSettings).AddInMemoryCollection(new Dictionary<string, string?> { [name] = value }).Build();

        var problem = Assert.Single(SettingsCheck.Check(config));

        Assert.StartsWith(name + " ", problem, StringComparison.Ordinal);
        Assert.Contains("'not-a", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Theory]
    [InlineData("Telegram:Tokn", "Telegram:Token")]
    [InlineData("Storage:ConectionString", "Storage:ConnectionString")]
    public void Check_MisspelledSetting_NamesTheSettingMeant(string typo, string meant)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [typo] = "x" }).Build();

        var problem = Assert.Single(SettingsCheck.Check(config));

        Assert.Contains(typo, problem, StringComparison.Ordinal);
        Assert.Contains(meant, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram:MaxConcurrency", "")]
    [InlineData("Telegram:Moderators", "12345")]
    public void Check_EmptyNumberOrListAsOneValue_IsAProblem(string name, string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [name] = value }).Build();

        Assert.Contains(name, Assert.Single(SettingsCheck.Check(config)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram:WebhookUrl", "")]
    [InlineData("Discord:ShardCount", "")]
    [InlineData("Http:Urls", "http://0.0.0.0:8080;http://[::]:8081")]
    [InlineData("Http:Urls", "http://*:8080")]
    [InlineData("Chat:Terminal", "Always")]
    [InlineData("Discord:Intents", "Guilds, GuildMessages")]
    public void Check_GoodValues_NoProblem(string name, string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [name] = value }).Build();

        Assert.Empty(SettingsCheck.Check(config));
    }

    [Theory]
    [InlineData("Chat__Terminal", "sometimes", "Chat:Terminal")]
    [InlineData("Telegram__Moderators__0", "abc", "Telegram:Moderators:0")]
    [InlineData("Http__Urls", "notaurl", "Http:Urls")]
    [InlineData("Corpus__LoadSampleWhenEmpty", "maybe", "Corpus:LoadSampleWhenEmpty")]
    [InlineData("Discord__Token", "abc", "Discord__Token")]
    [InlineData("Telegram__PollingTimeoutSeconds", "soon", "Telegram:PollingTimeoutSeconds")]
    [InlineData("Discord__ShardCount", "two", "Discord:ShardCount")]
    public async Task RunBot_BadSetting_OneLineNamingItExitOne(string variable, string value, string named)
    {
        // A Discord token that got past the check would try this closed local port, never the internet.
        using var env = new TempEnv((variable, value), ("Discord__ApiBaseUrl", "http://127.0.0.1:9/api/v10"));

        var (code, _, err) = await CliAppTests.Run().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, code);
        var line = Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBot_DiscordRefusesToken_StopsWithOneLineNamingDiscordToken()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var fake = builder.Build();
        var calls = 0;
        fake.MapFallback(async (HttpContext http) =>
        {
            Interlocked.Increment(ref calls);
            http.Response.StatusCode = 401;
            await http.Response.WriteAsync("{\"message\": \"401: Unauthorized\", \"code\": 0}");
        });
        await fake.StartAsync();
        using var env = new TempEnv(
            ("Discord__Token", "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.not-a-real-signature_abcdefghij"),
            ("Discord__ApiBaseUrl", fake.Urls.First() + "/api/v10"),
            ("Storage__Provider", "Memory"));

        var (code, _, err) = await CliAppTests.Run().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, code);
        Assert.Equal(1, calls);
        var lines = err.Trim().Split('\n').Where(l => l.Contains("Discord", StringComparison.Ordinal)).ToArray();
        Assert.Contains("Discord:Token", Assert.Single(lines), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("GhIjKl", err, StringComparison.Ordinal);
    }
}
