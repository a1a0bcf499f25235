using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QuoteBot.Ingest.Tests;

public sealed class IngestOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_limits()
    {
        using var sp = FetchKit.Services(new Dictionary<string, string?>());
        var o = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
        Assert.False(o.AllowPrivateNetworks);
        Assert.Equal(5 * 1024 * 1024, o.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), o.TimeLimit);
        Assert.Equal(5, o.MaxRedirects);
        Assert.Equal(TimeSpan.FromSeconds(1), o.PerHostInterval);
        Assert.Contains("QuoteBot", o.UserAgent);
    }

    [Fact]
    public void Bad_values_fail_with_one_line_each()
    {
        using var sp = FetchKit.Services(FetchKit.Settings(
            ("AllowPrivateNetworks", "yes"), ("MaxRedirects", "9"), ("TimeLimit", "soon"), ("MaxBodyBytes", "10"), ("UserAgent", "curl")));
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<IngestOptions>>().Value);
        Assert.Contains("Ingest:AllowPrivateNetworks must be true or false.", ex.Failures);
        Assert.Contains("Ingest:MaxRedirects must be between 0 and 5.", ex.Failures);
        Assert.Contains("Ingest:TimeLimit must be a time span like 00:00:15.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("Ingest:MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Ingest:UserAgent", StringComparison.Ordinal));
        Assert.All(ex.Failures, f => Assert.DoesNotContain('\n', f));
    }
}
