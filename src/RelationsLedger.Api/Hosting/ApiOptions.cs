using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using RelationsLedger.Api.Security;
using RelationsLedger.Application.Storage;
using RelationsLedger.Projections.Runner;

namespace RelationsLedger.Api.Hosting;

/// <summary>The configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The API keys that may call the API, stored as SHA-256 hashes (<c>ledger api-key new</c> makes one).</summary>
    public List<ApiKeyEntry> Keys { get; init; } = [];

    /// <summary>How often an idle event stream sends a comment line, so proxies and clients know it is alive.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>The largest request body accepted; larger ones are refused with 413 before they are read.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The most events one page of <c>GET /events</c> returns.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>
    /// The most event streams open at once; the next is refused with 503 until one ends. Each holds a connection to the store
    /// (on the embedded store with its page cache, up to 32 MB) and up to 256 events: unbounded, a reader's streams took the memory.
    /// </summary>
    public int MaxStreams { get; set; } = 100;

    /// <summary>
    /// The most event streams one API key holds open at once; its next is refused with 429. Without it one consumer that
    /// leaked connections took all <see cref="MaxStreams"/> places and every other key was refused.
    /// </summary>
    public int MaxStreamsPerKey { get; set; } = 10;

    /// <summary>
    /// The most answers in flight at once (made, or being sent); the next question is refused with 503 until one is sent. An
    /// answer is made whole before it is written (a page of 1,000 events of ~2.4 KB: ~3.1 MB of JSON, several times that as objects).
    /// </summary>
    public int MaxAnswers { get; set; } = 64;

    /// <summary>
    /// The most answers one API key has in flight at once; its next question is refused with 429. Without it one reader key
    /// asking 200 times at once for such a page took the server from 445 MB to 1.1 GB. The workbench asks up to 4 at once.
    /// </summary>
    public int MaxAnswersPerKey { get; set; } = 8;

    /// <summary>
    /// How long writing an answer may make no progress (no write of it completing) before its connection is aborted and its
    /// place given back. Kestrel's minimum response rate (240 B/s) is reckoned over what the answer already wrote, so a
    /// client that stopped reading a 6 MB answer kept its place for hours. Once a connection's buffers are full, a write goes
    /// on only when the client has taken about half of Kestrel's 1 MB transport buffer (SocketTransportOptions.MaxWriteBufferSize):
    /// 30 s cuts a client taking less than ~17 KB/s or cut off for 30 s, and leaves one reading at 64 KB/s (8 s a step) ~4× margin.
    /// </summary>
    public int StalledAnswerSeconds { get; set; } = 30;

    /// <summary>The longest <see cref="StalledAnswerSeconds"/> and <see cref="StalledStreamSeconds"/>: a day, which is as good as no deadline.</summary>
    public const int MaxStalledAnswerSeconds = 86400;

    /// <summary>
    /// How long a write of an event stream may wait on its client (the connection's buffers full) before the stream is ended,
    /// its connection aborted and its place given back. Without it a consumer that stopped reading held its key's stream place,
    /// a subscription and its buffers until the server stopped or its key was revoked. Longer than an answer's: a consumer
    /// handles events as it reads them (a slow write of its own database), and resuming costs it a reconnect with
    /// <c>Last-Event-ID</c>. Only waiting on the client counts: an idle stream (heartbeats only) never waits.
    /// </summary>
    public int StalledStreamSeconds { get; set; } = 60;

    /// <summary>
    /// The most connections the server holds at once (enforced by Connections/BoundedSocketTransport as it accepts them; Kestrel's
    /// MaxConcurrentConnections, which closed one more only on the thread pool, is not set): one more is closed in the accept loop,
    /// until one ends. Unbounded, a client that opened connections and sent nothing took every
    /// file descriptor the process may have — 2,100 idle connections against a limit of 2,048 — and the server ended ("Out of
    /// memory."). Each event stream, answer in flight and idle keep-alive connection is one; 1,000 is ten times
    /// <see cref="MaxStreams"/> and well under the limits a service manager gives (Docker, systemd: 524,288 and more).
    /// </summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// How long a question waits for its read model to catch up with the event store before it is answered from the read
    /// model as it stands, its <c>readModel.failure</c> saying that recent events may be missing (ProjectionOptions.QueryWaitsAtMost).
    /// Through a KurrentDB cluster's failover a question waited 17–22 s with no word; 5 s is several times a catch-up on a
    /// loaded cluster (p99 213 ms through a follower, round 42) and well under a client's patience.
    /// </summary>
    public double QueryWaitSeconds { get; set; } = 5;

    /// <summary>
    /// How much memory, in MB, the decoded histories kept between commands may take (<see cref="HistoryCacheOptions"/>); 0: none,
    /// every command reads its relationship's stream again. It was a number of events (250,000), which is no bound on memory:
    /// ~2.6 KB held an event of a typical statement (657 MB RSS at 100,000 events, round 44), up to ~190 KB one of the largest a
    /// request may carry.
    /// </summary>
    public int HistoryCacheMegabytes { get; set; } = (int)(HistoryCacheOptions.DefaultMaxBytes >> 20);

    /// <summary>
    /// How much memory, in MB, the live read model's relationships held between batches may take (ProjectionOptions.CachedBytes);
    /// 0: none, each batch restores its relationships from their streams and rows. It was a number of facts (400,000) until round
    /// 46, no bound on memory: ~1 KB a typical statement, ~130 KB one of the largest a request may carry.
    /// </summary>
    public int ReadModelCacheMegabytes { get; set; } = (int)(ProjectionOptions.DefaultCachedBytes >> 20);

    /// <summary>
    /// How often the event store is probed while it cannot be reached (<see cref="StoreOutage"/>); the first probe answered ends the
    /// outage. Until round 57 a static that tests set and put back, so one test's interval leaked into the servers of the test
    /// classes running beside it; now each server has its own.
    /// </summary>
    public double StoreProbeSeconds { get; set; } = 1;

    public TimeSpan StoreProbe => TimeSpan.FromSeconds(StoreProbeSeconds);

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    public TimeSpan QueryWait => TimeSpan.FromSeconds(QueryWaitSeconds);

    public TimeSpan StalledAnswer => TimeSpan.FromSeconds(StalledAnswerSeconds);

    public TimeSpan StalledStream => TimeSpan.FromSeconds(StalledStreamSeconds);

    private static bool IsInt(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    /// <summary>The numbers among the settings, each with how its text is read (as the binder reads it: invariant culture).</summary>
    private static readonly (string Name, string Kind, Func<string, bool> Reads)[] Numbers =
    [
        (nameof(HeartbeatSeconds), "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        (nameof(QueryWaitSeconds), "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        (nameof(StoreProbeSeconds), "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        (nameof(MaxRequestBodyBytes), "a whole number", t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        (nameof(MaxPageSize), "a whole number", IsInt),
        (nameof(MaxStreams), "a whole number", IsInt),
        (nameof(MaxStreamsPerKey), "a whole number", IsInt),
        (nameof(MaxAnswers), "a whole number", IsInt),
        (nameof(MaxAnswersPerKey), "a whole number", IsInt),
        (nameof(StalledAnswerSeconds), "a whole number", IsInt),
        (nameof(StalledStreamSeconds), "a whole number", IsInt),
        (nameof(MaxConnections), "a whole number", IsInt),
        (nameof(HistoryCacheMegabytes), "a whole number", IsInt),
        (nameof(ReadModelCacheMegabytes), "a whole number", IsInt),
    ];

    /// <summary>
    /// The options of <paramref name="section"/>, each setting that is not a number where one goes named in
    /// <paramref name="problems"/> by its key (the binder would throw at the first, in .NET's words) and left at its default,
    /// the others as given — so that their own mistakes are named too. Before round 62 one such setting left them all at
    /// their defaults, and a number out of range beside it was not named until that one was mended.
    /// </summary>
    public static ApiOptions Read(IConfigurationSection section, List<string> problems)
    {
        var unreadable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, kind, reads) in Numbers)
            if (section[name] is { } text && !reads(text))
            {
                problems.Add($"{section.Path}:{name}: '{text}' is not {kind}.");
                unreadable.Add(name);
            }
        if (unreadable.Count == 0) return section.Get<ApiOptions>() ?? new ApiOptions();
        var readable = section.AsEnumerable(makePathsRelative: true)
            .Where(s => s.Value is not null && !unreadable.Contains(s.Key.Split(ConfigurationPath.KeyDelimiter)[0]));
        return new ConfigurationBuilder().AddInMemoryCollection(readable).Build().Get<ApiOptions>() ?? new ApiOptions();
    }

    /// <summary>
    /// The options of <paramref name="configuration"/>'s <c>Api</c> section with every mistake in them named in
    /// <paramref name="problems"/> (a settings file of <paramref name="environment"/> that is a folder, and settings under
    /// <c>Api</c> that are none of the ledger's, among them): what the server starts with, and what a reload of the keys
    /// (SIGHUP) checks the same way.
    /// </summary>
    public static ApiOptions Validated(IConfigurationRoot configuration, IHostEnvironment environment, List<string> problems)
    {
        problems.AddRange(SettingsFiles.Problems(environment));
        problems.AddRange(UnknownSettings.Of(configuration));
        var options = Read(configuration.GetSection(Section), problems);
        problems.AddRange(options.Problems());
        return options;
    }

    /// <summary>The settings besides the keys that <paramref name="next"/> gives otherwise, "Api:Name (now → next)": only a restart applies them.</summary>
    /// <remarks>Every setting besides the keys is a number (<see cref="Numbers"/>), so that list names them all: one added there is compared here too.</remarks>
    public IEnumerable<string> ChangedBesidesKeys(ApiOptions next) =>
        Numbers.Select(n => (n.Name, Now: ValueOf(this, n.Name), Next: ValueOf(next, n.Name)))
            .Where(s => !s.Now.Equals(s.Next)).Select(s => string.Create(CultureInfo.InvariantCulture, $"{Section}:{s.Name} ({s.Now} → {s.Next})"));

    private static object ValueOf(ApiOptions options, string setting) => typeof(ApiOptions).GetProperty(setting)!.GetValue(options)!;

    /// <summary>Every configuration mistake, so the server refuses to start with all of them named.</summary>
    public IEnumerable<string> Problems()
    {
        if (HeartbeatSeconds is <= 0 or > 3600) yield return $"Api:HeartbeatSeconds must be above 0 and at most 3600 (it is {HeartbeatSeconds}).";
        if (QueryWaitSeconds is <= 0 or > 3600) yield return $"Api:QueryWaitSeconds must be above 0 and at most 3600 (it is {QueryWaitSeconds}).";
        if (StoreProbeSeconds is < 0.01 or > 60) yield return $"Api:StoreProbeSeconds must be at least 0.01 and at most 60 (it is {StoreProbeSeconds}).";
        if (MaxRequestBodyBytes <= 0) yield return $"Api:MaxRequestBodyBytes must be positive (it is {MaxRequestBodyBytes}).";
        if (MaxPageSize <= 0) yield return $"Api:MaxPageSize must be positive (it is {MaxPageSize}).";
        if (MaxStreams <= 0) yield return $"Api:MaxStreams must be positive (it is {MaxStreams}).";
        if (MaxStreamsPerKey <= 0) yield return $"Api:MaxStreamsPerKey must be positive (it is {MaxStreamsPerKey}).";
        if (MaxConnections <= 0) yield return $"Api:MaxConnections must be positive (it is {MaxConnections}).";
        if (MaxAnswers <= 0) yield return $"Api:MaxAnswers must be positive (it is {MaxAnswers}).";
        if (HistoryCacheMegabytes < 0) yield return $"Api:HistoryCacheMegabytes must be 0 (no cache) or more (it is {HistoryCacheMegabytes}).";
        if (ReadModelCacheMegabytes < 0) yield return $"Api:ReadModelCacheMegabytes must be 0 (no cache) or more (it is {ReadModelCacheMegabytes}).";
        if (MaxAnswersPerKey <= 0) yield return $"Api:MaxAnswersPerKey must be positive (it is {MaxAnswersPerKey}).";
        if (StalledAnswerSeconds is < 1 or > MaxStalledAnswerSeconds)
            yield return $"Api:StalledAnswerSeconds must be between 1 and {MaxStalledAnswerSeconds} (it is {StalledAnswerSeconds}).";
        if (StalledStreamSeconds is < 1 or > MaxStalledAnswerSeconds)
            yield return $"Api:StalledStreamSeconds must be between 1 and {MaxStalledAnswerSeconds} (it is {StalledStreamSeconds}).";
        for (var i = 0; i < Keys.Count; i++)
        {
            foreach (var problem in Keys[i].Problems()) yield return $"Api:Keys:{i}: {problem}";
            // One key, two entries: the key would be whatever the first says, whatever the second was meant to make it.
            var first = Keys.FindIndex(k => string.Equals(k.Hash, Keys[i].Hash, StringComparison.OrdinalIgnoreCase));
            if (first < i && ApiKeyHash.IsHash(Keys[i].Hash))
                yield return $"Api:Keys:{i}: Hash is the hash of Api:Keys:{first} ('{Keys[first].Name}') too: give each key one entry, with one role.";
        }
    }
}
