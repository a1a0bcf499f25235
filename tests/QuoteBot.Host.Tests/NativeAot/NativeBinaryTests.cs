using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using QuoteBot.Discord.Api.Tests.Fakes;
using QuoteBot.Telegram.Tests.Fakes;

namespace QuoteBot.Host.Tests.NativeAot;

/// <summary>
/// The published (Native AOT) quotebot, run as an operator runs it, against the local fakes of Telegram and Discord:
/// the paths the unit tests cover only under the JIT. Opt-in, because it needs a published binary (a publish takes
/// minutes): <c>dotnet publish src/QuoteBot.Host -c Release -o DIR</c>, then
/// <c>QUOTEBOT_NATIVE_BIN=DIR/quotebot dotnet test tests/QuoteBot.Host.Tests -s tests/native.runsettings</c>
/// (the default run leaves the category out: tests/default.runsettings).
/// </summary>
[Trait("Category", "NativeAot")]
public sealed class NativeBinaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("quotebot-native-").FullName;

    private static string Binary =>
        Environment.GetEnvironmentVariable("QUOTEBOT_NATIVE_BIN") is { Length: > 0 } bin && File.Exists(bin)
            ? bin
            : throw new InvalidOperationException("Set QUOTEBOT_NATIVE_BIN to a published quotebot executable (dotnet publish src/QuoteBot.Host -c Release -o DIR).");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Telegram_Polling_AnswersQuote()
    {
        await using var api = await FakeBotApi.StartAsync();
        using var bot = Start(Settings(("Telegram__Token", FakeBotApi.Token), ("Telegram__ApiBaseUrl", api.BaseUrl), ("Telegram__PollingTimeoutSeconds", "1")));

        api.SendText(42, 7, "/quote territory");
        var reply = await api.WaitForAsync("sendMessage", c => c.ChatId == 42, seconds: 60);

        Assert.Contains("territory", reply.VisibleText ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(reply.Buttons); // the inline keyboard went through Telegram.Bot's reply-markup converter
    }

    [Fact]
    public async Task Telegram_Webhook_ReadsTheUpdateAndAnswers()
    {
        await using var api = await FakeBotApi.StartAsync();
        var port = FreePort();
        using var bot = Start(Settings(
            ("Telegram__Token", FakeBotApi.Token), ("Telegram__ApiBaseUrl", api.BaseUrl),
            ("Telegram__WebhookUrl", "https://bot.example.org/tg/hook"), ("Telegram__WebhookSecret", "native-secret"),
            ("Http__Urls", $"http://127.0.0.1:{port}")));
        await api.WaitForAsync("setWebhook", seconds: 60);

        var update = FakeBotApi.MessageUpdate(43, 7, "/quote territory");
        update["update_id"] = 9001;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/tg/hook")
        {
            Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "native-secret");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await api.WaitForAsync("sendMessage", c => c.ChatId == 43, seconds: 60);
        Assert.Contains("territory", reply.VisibleText ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Discord_Interaction_GetsACallback()
    {
        await using var discord = await FakeDiscord.StartAsync();
        using var bot = Start(Settings(("Discord__Token", "MTAxMjM0NTY3ODkw.GhIjKl.native-test_token"), ("Discord__ApiBaseUrl", discord.ApiBaseUrl), ("Discord__GatewayUrlOverride", discord.GatewayUrl)));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (discord.Gateway.CurrentSession is null && DateTime.UtcNow < deadline)
        {
            Assert.False(bot.HasExited, "quotebot stopped before it connected to the gateway");
            await Task.Delay(100);
        }

        var interaction = FakeGateway.InteractionJson("1180000000000000009", "native-token");
        interaction["data"]!["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "territory" });
        await discord.Gateway.DispatchAsync("INTERACTION_CREATE", interaction);

        RecordedRequest? callback = null;
        while (callback is null && DateTime.UtcNow < deadline)
        {
            callback = discord.Rest.Requests.FirstOrDefault(r => r.Method == "POST" && r.Path.Contains("/interactions/1180000000000000009/native-token/callback", StringComparison.Ordinal));
            await Task.Delay(100);
        }

        Assert.NotNull(callback);
        Assert.Contains("territory", callback.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_AnswersOk()
    {
        using var bot = await StartAnsweringAsync();
        Assert.False(bot.HasExited);
    }

    /// <summary>Starts the bot with a local HTTP port and waits (up to 60 s) until /healthz answers OK.</summary>
    private async Task<RunningBot> StartAnsweringAsync()
    {
        var port = FreePort();
        var bot = Start(Settings(("Http__Urls", $"http://127.0.0.1:{port}")));
        try
        {
            using var http = new HttpClient();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    return bot;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline && !bot.HasExited)
                {
                    await Task.Delay(200);
                }
            }
        }
        catch
        {
            bot.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task StartupData_IsAdvisedForHugePages()
    {
        // src/QuoteBot.Host/Native/hugepages.c: the zero-filled tail of the executable's writable segment (where the
        // runtime expands its type data at start) carries MADV_HUGEPAGE, shown as "hg" in the mapping's VmFlags
        // (/proc/PID/smaps: the native binary is published for Linux).
        using var bot = await StartAnsweringAsync();

        var maps = ReadMappings(bot.Id);
        var binary = Path.GetFullPath(Binary);
        var lastOfBinary = maps.FindLastIndex(m => m.Path == binary);
        Assert.True(lastOfBinary >= 0 && lastOfBinary + 1 < maps.Count, "the executable's mappings were not found in smaps");
        var zeroFill = maps[lastOfBinary + 1];
        Assert.Equal(maps[lastOfBinary].End, zeroFill.Start); // the anonymous mapping right after the file's data
        Assert.Equal("", zeroFill.Path);
        Assert.Contains("hg", zeroFill.Flags);
    }

    [Fact]
    public async Task Extract_HeapIsAdvisedForHugePagesInWholeBlocks()
    {
        // src/QuoteBot.Host/Native/hugepages.c, `quotebot extract` only: the GC's reservation (the one inaccessible
        // anonymous mapping of 1 GiB or more) carries MADV_HUGEPAGE, and the parts the GC made usable are whole 2 MiB
        // blocks (a 64 KiB commit step is widened), so that a first write can take a huge page. The command waits on
        // standard input here, after the runtime and its heap have started.
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add("extract");
        psi.ArgumentList.Add("--json");
        psi.ArgumentList.Add("-");
        using var process = Process.Start(psi)!;
        try
        {
            var (reservation, usable) = await HeapMappingsAsync(process);
            Assert.Contains("hg", reservation.Flags);
            Assert.NotEmpty(usable);
            const ulong block = 2 << 20;
            Assert.All(usable, m => Assert.True(m.Start % block == 0 && m.End % block == 0, $"heap mapping {m.Start:x}-{m.End:x} is not whole 2 MiB blocks"));

            await process.StandardInput.WriteAsync("\u201CWe will open the bridge in May,\u201D said Mayor Ilse Brandt.\n");
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("\"text\":\"We will open the bridge in May\"", output, StringComparison.Ordinal);
            Assert.Contains("\"speaker\":\"Ilse Brandt\"", output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Bot_HeapIsNotAdvisedForHugePages()
    {
        // The widened heap commits are for the one-shot extract only: the bot's heap is left as the GC made it.
        using var bot = await StartAnsweringAsync();

        var reservations = ReadMappings(bot.Id).Where(m => m.Path == "" && m.Perms == "---p" && m.End - m.Start >= 1UL << 30).ToList();
        Assert.NotEmpty(reservations);
        Assert.All(reservations, m => Assert.DoesNotContain("hg", m.Flags));
    }

    [Fact]
    public async Task Extract_PastTheNoCollectionBudget_WritesWhatTheLibraryFinds()
    {
        // Three 3 MB quote-dense articles allocate well over ExtractCommand.OneShotNoCollectionBytes, so the GC runs
        // again after the no-collection region, over the heap's widened commits: the native binary's JSON must be the
        // bytes the same command writes in this (JIT) process.
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "dense")).FullName;
        var text = QuoteBot.Host.Bench.ExtractionBench.Dense(3 * 1024 * 1024).Text;
        for (var i = 1; i <= 3; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(dir, $"dense-{i}.txt"), text);
        }

        using var expected = new MemoryStream();
        Assert.Equal(0, QuoteBot.Host.Cli.ExtractCommand.Run([dir], json: true, TextWriter.Null, TextWriter.Null, TextReader.Null, expected));

        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add("extract");
        psi.ArgumentList.Add("--json");
        psi.ArgumentList.Add(dir);
        using var process = Process.Start(psi)!;
        using var actual = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(actual);
        await process.WaitForExitAsync();
        Assert.Equal("", await errors);
        Assert.Equal(0, process.ExitCode);
        Assert.True(expected.Length > 10_000_000, $"expected output {expected.Length} bytes");
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(actual.ToArray()), $"native output ({actual.Length} bytes) differs from the in-process run ({expected.Length} bytes)");
    }

    /// <summary>
    /// The GC's reservation in a running process (its inaccessible anonymous mapping of 1 GiB or more) and the read-write
    /// anonymous mappings with huge-page advice next to it or between its parts (what the GC committed); polled until the
    /// reservation exists (the GC commits its first regions as it starts).
    /// </summary>
    private static async Task<((ulong Start, ulong End, string Path, string Perms, string[] Flags) Reservation, List<(ulong Start, ulong End, string Path, string Perms, string[] Flags)> Usable)> HeapMappingsAsync(Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var maps = ReadMappings(process.Id);
            var big = maps.FindIndex(m => m.Path == "" && m.Perms == "---p" && m.End - m.Start >= 1UL << 30);
            if (big >= 0)
            {
                // The run of anonymous mappings that touch each other around the reservation.
                var first = big;
                while (first > 0 && maps[first - 1].End == maps[first].Start && maps[first - 1].Path == "")
                {
                    first--;
                }

                var last = big;
                while (last + 1 < maps.Count && maps[last].End == maps[last + 1].Start && maps[last + 1].Path == "")
                {
                    last++;
                }

                // The heap's parts carry the reservation's advice ("hg"); the GC's bookkeeping mapping next to it does not.
                return (maps[big], maps.Skip(first).Take(last - first + 1).Where(m => m.Perms == "rw-p" && m.Flags.Contains("hg")).ToList());
            }

            Assert.False(process.HasExited, "quotebot extract stopped before its heap was seen");
            Assert.True(DateTime.UtcNow < deadline, "no GC heap reservation found in smaps");
            await Task.Delay(100);
        }
    }

    private (string, string)[] Settings(params (string Key, string Value)[] extra) =>
    [
        ("Storage__Path", Path.Combine(_dir, "quotes.db")),
        ("Chat__Terminal", "never"),
        ("Corpus__LoadSampleWhenEmpty", "true"),
        .. extra,
    ];

    /// <summary>The mappings of a running process, in address order, from /proc/PID/smaps.</summary>
    private static List<(ulong Start, ulong End, string Path, string Perms, string[] Flags)> ReadMappings(int pid)
    {
        var maps = new List<(ulong Start, ulong End, string Path, string Perms, string[] Flags)>();
        foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
        {
            if (line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                var last = maps[^1];
                maps[^1] = last with { Flags = line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) };
                continue;
            }

            // A mapping's first line: "start-end perms offset dev inode [path]"; the other lines are "Name:   value".
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 5 || fields[0].EndsWith(':') || !fields[0].Contains('-', StringComparison.Ordinal))
            {
                continue;
            }

            var range = fields[0].Split('-');
            maps.Add((ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                fields.Length == 6 ? fields[5].Trim() : "", fields[1], []));
        }

        return maps;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private RunningBot Start((string Key, string Value)[] settings)
    {
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _dir };
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("Telegram__", StringComparison.Ordinal) || k.StartsWith("Discord__", StringComparison.Ordinal) || k.StartsWith("Http__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["Discord__Token"] = "";
        psi.Environment["Telegram__Token"] = "";
        psi.Environment["Http__Urls"] = "";
        foreach (var (key, value) in settings)
        {
            psi.Environment[key] = value;
        }

        return new RunningBot(Process.Start(psi)!);
    }

    /// <summary>The running executable; stopped (and its output shown on failure) when disposed.</summary>
    private sealed class RunningBot : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public RunningBot(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public int Id => _process.Id;

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
            lock (_output)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"quotebot output (exit {(_process.HasExited ? _process.ExitCode : -1)}):\n{_output}"));
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
