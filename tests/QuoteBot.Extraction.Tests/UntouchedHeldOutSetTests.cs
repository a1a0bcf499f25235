using System.Reflection;
using Xunit.Abstractions;

namespace QuoteBot.Extraction.Tests;

/// <summary>
/// The held-out folders written and labelled before a tuning round and never read for errors. Only the totals are
/// printed (the per-quote misses are deliberately not, so that nobody tunes on them by accident); the test fails only
/// on a collapse. Untouched now:
/// HeldOut24 (session 20, fourteen articles of international political news of 2018–2022 by
/// a writer who read neither the rules nor the docs, in newsroom shapes not used before: a Hong Kong pre-Executive Council press conference, an
/// Indian foreign-ministry briefing, a Mexican president's morning conference, a wire reaction piece of label lines and
/// quote paragraphs, two diverging readouts of a US–Turkish call, a Ghanaian budget walkout, a Guyanese recount
/// observers' statement, a Singaporean "Parliament highlights" page, a Quebec language law with a correction note, a
/// correspondent's notebook from Honiara, a dated timeline of a UK minister's statements, a Ugandan candidate speaking
/// through his lawyer and a voice note, a review of a eurozone memoir and a closed UN briefing on Myanmar),
/// HeldOut25 (session 21, fourteen US political articles of the Obama years, 2009–2016, by another such writer,
/// in shapes not used before: a debt-limit night-vote wire, a raw cable rush transcript with quotes only inside the
/// turns, a campaign link-blog day page, a health-insurance marketplace enrollment fair with vox pops, a
/// point–counterpoint pair of op-eds, a voter-ID decision-day live blog with its wrap-up, a congressional press
/// release as issued, a feature on senators who fled the state to deny a quorum, a sine-die budget night, an Occupy
/// camp eviction, Capitol hallway notes on a Supreme Court vacancy, a secretly taped fund-raiser page, a
/// background-check vote with a gallery outburst and an Iowa straw-poll day),
/// HeldOut26 (session 21, fourteen files by another such writer on UK, US, Canadian and Australian politics of
/// 2016–2020 as British, Irish, Canadian and Australian outlets or US digital-native sites wrote it: a "five things
/// from the Sunday shows" listicle with transcript labels, a party-room spill with a doorstop transcript, a riding
/// profile, an impeachment hearing's key exchanges, a numbered debate-lines listicle page with dash attributions, a
/// readers-respond vox pop, a world-press round-up with outlets as speakers, a conference fringe meeting, an
/// election-night oral history, a royal commission hearing, a TV panel-show review, a bushfire recovery meeting, a
/// leaked WhatsApp chat and a two-story agency feed), HeldOut27 (session 22, fourteen files by another such
/// writer on US politics of 2016–2020 as US sites of those years published it: a cable-news panel that broke down on
/// air with transcript labels and crosstalk, a senator-by-senator whip list, a shutdown food-pantry metro story, a
/// congressional baseball game on the sports page, a White House bill-signing wire, an elevator protest in a Senate
/// office building, one Iowa precinct caucus, a pandemic primary line with dash vox pops, a hurricane feud page with
/// embedded tweets, a governor's defiant news conference, a transition cabinet-pick page, a redistricting hearing of
/// two-minute speakers, a syndicated column from a convention floor fight and a news app's two-item feed),
/// HeldOut28 (session 22, fourteen files by another such writer
/// on political news of 2016–2020 outside the US mainstream as the home press or an international broadcaster wrote
/// it: a Commons indicative-votes live blog, a Europe editor's summit analysis, Official Report extracts of the first
/// Stormont sitting, a Scottish Covid briefing key-points page, a Welsh independence march, an Irish parliamentary-party
/// meeting told through sources, a Canadian campaign notebook, an Australian senator's op-ed on inquiry submissions,
/// two Indian agency wire stories, a State of the Nation Address held up by points of order, a Nigerian Senate plenary,
/// Kenyan politicians at a burial, a Philippine Palace briefing page and a press review of a NATO summit),
/// HeldOut29 (session 23, fourteen files by another such writer on US politics of 2016–2017 as partisan and
/// digital-native American sites of those years published it: a conservative site's exclusive interview, a liberal
/// elections blog's race-by-race morning digest, an opinion magazine's blog rebuttal of another magazine's writer, a
/// tabloid's Washington gossip column, a cable network's website on its own voter focus group, a digital outlet's quick
/// post with timed updates on a deleted tweet, a card-style explainer of a Senate vote-a-rama, a liberal aggregator's
/// write-up of a newspaper's interview with a governor, a conservative site's campus shout-down story, a liberal blog on
/// a party-chair candidates' forum, an opinion magazine's dispatch from a conservative conference, a tabloid's ex-wife
/// exclusive on a Senate candidate, a business cable network's article page on its own Treasury-secretary interview
/// and a digital politics vertical's two-post feed),
/// HeldOut30 (session 23, fourteen files by another such writer on political news of 2016–2017 as big general
/// newspapers, news agencies, public radio and business news sites wrote it: a broadsheet tick-tock of the Article 50
/// letter, a public-radio two-way transcript page from Caracas, a public-radio web story from Istanbul that keeps its
/// broadcast labels, a "from wire reports" rewrite on Russia sanctions, a business site's French-election markets story,
/// a British paper's US health-care vote coverage, an international broadcaster's German-election article page, a
/// Brexit negotiators' joint news conference, an Indian bank-queue reportage with a Rajya Sabha adjournment, a US
/// foreign desk's morning-after story from Bogotá, a world-service feed of three Gulf-rift items, a Hong Kong daily on a
/// South China Sea ruling, a traveling-press story from the secretary of state's plane and an Irish paper's Rome
/// correspondent on a resignation night),
/// HeldOut31 (session 23, fourteen files by another such writer on US national politics of 2016–2018 as national
/// newspapers and general-interest magazines wrote it: electors casting their votes in a state capitol, a Senate
/// candidate's bus-tour gaggle, a canvass ride-along in a special House election, a West Wing feud built on anonymous
/// sources, a committee chairman's letter war with the Justice Department, a House field hearing in a high-school gym,
/// a swing senator's recess week during a Supreme Court confirmation fight, a state house's expulsion vote, an agency
/// office's move out of Washington and its staff exodus, a news analysis of a retirement wave, the State of the Union's
/// gallery guests, an obituary drawn from an oral history, an investigation of a candidate's military record and a
/// magazine's dispatch from a party retreat) and
/// HeldOut32 (session 23, fourteen files by another such writer on world politics of 2016–2018 as a British
/// left-leaning daily's website and a global news agency wrote it: an agency "UPDATE 3" story on an army takeover in
/// Harare, an agency feed holding two successive versions of a Catalan independence-vote story, a politics live blog
/// around a prime minister's Commons statement on a nerve-agent attack, a correspondent's dispatch from besieged Aleppo
/// built on voice messages, an opinion column on a deportation scandal, an agency's British press digest during a party
/// conference, a Saturday interview with a shadow Brexit minister, an agency court story on the dissolution of
/// Cambodia's opposition, a Commons urgent question on Saudi arms sales with party tags, a daily's article page from
/// Nicaragua's barricades, an agency's article page on a Brazilian ex-president's surrender, a day of consultations at
/// the Quirinale, a UN envoy's Geneva news conference beside an empty chair and a South African president's late-night
/// resignation address).
/// HeldOut2–HeldOut6 were read and tuned on from session 12, HeldOut7–HeldOut9 from session 14,
/// HeldOut10–HeldOut11 from session 15, HeldOut12–HeldOut13 (US political news in other house styles; world and mixed
/// politics) from session 18, HeldOut14–HeldOut15 (US hearings, pool reports and briefings; world politics in other
/// house styles) from session 19, HeldOut16–HeldOut17 (US public affairs; legislatures, elections, courts and
/// diplomacy round the world) from session 20, HeldOut18–HeldOut19 (world news in many house styles; US political
/// news in the hidden set's shapes) from session 21 and HeldOut20–HeldOut21 (UK, Irish, Canadian, Australian, Indian
/// and EU/UN politics; US political news of 2016–2021 in new kinds) from session 22 and HeldOut22–HeldOut23 (British
/// and European political articles of 2016–2021; US political articles of 2017–2021 in kinds not used before) from
/// session 23; see <see cref="ReadHeldOutSetTests"/>.
/// </summary>
public sealed partial class UntouchedHeldOutSetTests(ITestOutputHelper output)
{
    /// <summary>Untouched folders: (folder, label printed with the totals, article count).</summary>
    internal static readonly (string Folder, string Label, int Articles)[] Folders =
    [
        ("HeldOut24", "held-out-24", 14),
        ("HeldOut25", "held-out-25", 14),
        ("HeldOut26", "held-out-26", 14),
        ("HeldOut27", "held-out-27", 14),
        ("HeldOut28", "held-out-28", 14),
        ("HeldOut29", "held-out-29", 14),
        ("HeldOut30", "held-out-30", 14),
        ("HeldOut31", "held-out-31", 14),
        ("HeldOut32", "held-out-32", 14),
    ];

    [Fact]
    public void Extract_UntouchedHeldOutSets_ReportTotalsOnly()
    {
        foreach (var (folder, label, articles) in Folders)
        {
            var dir = LabelledScorer.Folder(folder);
            Assert.Equal(articles, LabelledScorer.Pairs(dir).Count());
            var f = LabelledScorer.ScoreAll(dir);
            output.WriteLine($"{label}: gold={f.Gold} predicted={f.Predicted} matched={f.Matched} precision={f.Precision:F3} recall={f.Recall:F3} F1={f.F1:F3} speaker accuracy={f.SpeakerAccuracy:F3}");
            output.WriteLine($"{label} speaker misses by kind and method: {MissSummary(f.Misses)}");
            Assert.DoesNotContain(f.Misses, m => m.Contains("gold not in extracted text", StringComparison.Ordinal));
            Assert.True(f.F1 >= 0.80, $"{label} quote F1 {f.F1:F3} < 0.80");
            Assert.True(f.SpeakerAccuracy >= 0.50, $"{label} speaker accuracy {f.SpeakerAccuracy:F3} < 0.50");
        }
    }

    /// <summary>
    /// Counts of the speaker misses by kind (a name wanted and none given, none wanted and a name given, another name)
    /// and by the method that gave the answer: an aggregate that says where to look without showing any quote or name.
    /// </summary>
    internal static string MissSummary(IEnumerable<string> misses)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in misses)
        {
            var match = SpeakerMiss().Match(m);
            if (!match.Success)
            {
                continue;
            }

            var want = match.Groups["want"].Value;
            var got = match.Groups["got"].Value;
            var kind = want == "null" ? "none-wanted" : got == "null" ? "none-given" : "other-name";
            var key = $"{kind}/{match.Groups["method"].Value}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"SPEAKER want \[(?<want>[^\]]*)\] got \[(?<got>[^\]]*)\] via (?<method>[^/]*)/")]
    private static partial System.Text.RegularExpressions.Regex SpeakerMiss();

    [Fact]
    public void MissSummary_CountsKindsAndMethods_WithoutNames()
    {
        var summary = MissSummary(
        [
            "a.txt: SPEAKER want [Ana Ruiz] got [null] via none/: \"x\"",
            "a.txt: SPEAKER want [null] got [Ana Ruiz] via tail/said: \"y\"",
            "a.txt: SPEAKER want [Ana Ruiz] got [Jo Doe] via tail/said: \"z\"",
            "a.txt: SPEAKER want [Ana Ruiz] got [Jo Doe] via tail/told: \"w\"",
            "a.txt: MISSED [Ana Ruiz] \"v\"",
        ]);
        Assert.Equal("none-given/none=1, none-wanted/tail=1, other-name/tail=2", summary);
        Assert.DoesNotContain("Ruiz", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryNumberedHeldOutFolder_IsScoredAsReadOrUntouched()
    {
        var read = typeof(ReadHeldOutSetTests).GetMethod(nameof(ReadHeldOutSetTests.Extract_ReadHeldOutSet_PrintsMisses))!
            .GetCustomAttributes<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0])
            .ToHashSet(StringComparer.Ordinal);
        var untouched = Folders.Select(f => f.Folder).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(read.Intersect(untouched));
        var onDisk = Directory.EnumerateDirectories(AppContext.BaseDirectory, "HeldOut?*")
            .Select(Path.GetFileName)
            .Where(n => n != "HeldOut" && LabelledScorer.Pairs(LabelledScorer.Folder(n!)).Any())
            .ToList();
        Assert.NotEmpty(onDisk);
        Assert.All(onDisk, n => Assert.True(read.Contains(n!) || untouched.Contains(n!), $"{n} is scored by neither test"));
    }
}
