using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Benchmarks.Generation;

/// <summary>The words the generator draws from: lists, programmes, titles, people, sources, recorders.</summary>
internal static class Vocabulary
{
    public static readonly string[] Lists =
    [
        "Federal list of terrorist organisations", "Foreign Terrorist Organizations", "Specially Designated Nationals",
        "Consolidated list of financial sanctions targets", "List of extremist organisations", "Entity List",
    ];

    public static readonly string[] Authorities =
    [
        "Supreme Court", "Ministry of Justice", "Department of State", "Council decision", "Treasury", "Security Council resolution",
    ];

    public static readonly string[] Programmes =
    [
        "Arms embargo", "Export controls on dual-use goods", "Asset freeze", "Travel ban", "Oil embargo", "Financial sector restrictions",
        "Technology transfer ban", "Aviation restrictions", "Import ban on steel", "Secondary sanctions",
    ];

    public static readonly string[] AgreementKinds = ["security", "trade", "energy", "transport", "culture", "health", "visa", "fisheries"];

    public static readonly string[] AgreementSubjects =
    [
        "mutual legal assistance", "avoidance of double taxation", "air services", "investment protection", "scientific cooperation",
        "visa facilitation", "readmission", "gas supplies", "grain exports", "port access", "military-technical cooperation",
        "customs cooperation", "education exchange", "nuclear safety", "cybersecurity",
    ];

    public static readonly string[] Sectors = ["energy", "rail", "mining", "ports", "telecoms", "water", "roads", "agriculture"];

    public static readonly string[] ProjectSubjects =
    [
        "gas pipeline", "rail corridor", "copper mine", "deep-water port", "fibre backbone", "hydroelectric dam", "highway link",
        "grain terminal", "power line", "refinery",
    ];

    public static readonly string[] EngagementKinds = ["forum", "summit", "delegation visit", "talks", "state visit", "consultations"];

    public static readonly string[] Cities = ["Moscow", "Kazan", "Geneva", "Doha", "Vienna", "Beijing", "New York", "Istanbul", "Astana", "Cairo", "Delhi"];

    public static readonly string[] Domains = ["counter-terrorism", "disaster relief", "energy security", "border security", "public health", "trade"];

    public static readonly string[] FirstNames = ["Ana", "Gul", "Sergei", "Li", "Amina", "John", "Maria", "Ahmad", "Olga", "Yusuf", "Chen", "Fatima", "Pierre", "Hiro"];

    public static readonly string[] LastNames = ["Hassan", "Ivanov", "Wang", "Smith", "Karimi", "Petrova", "Dubois", "Tanaka", "Okafor", "Silva", "Nasser", "Kowalski"];

    public static readonly string[] Speakers = ["President", "Foreign Minister", "Prime Minister", "Spokesperson of the Foreign Ministry", "Special Envoy", "Defence Minister"];

    public static readonly string[] Recorders =
        ["analyst1@example.org", "analyst2@example.org", "analyst3@example.org", "desk.europe@example.org", "desk.asia@example.org",
         "desk.africa@example.org", "desk.americas@example.org", "desk.mena@example.org", "intern@example.org", "auditor@example.org"];

    /// <summary>A pool of sources; each event cites one or two of them.</summary>
    public static IReadOnlyList<Source> Sources(Random rng)
    {
        string[] publishers = ["Reuters", "AP", "AFP", "RIA Novosti", "Xinhua", "BBC", "Al Jazeera", "TASS", "Official Gazette", "UN Press"];
        var sources = new List<Source>();
        for (var i = 0; i < 60; i++)
        {
            var publisher = publishers[i % publishers.Length];
            var year = 1960 + rng.Next(65);
            var published = (i % 3) switch
            {
                0 => PartialDate.OfYear(year),
                1 => PartialDate.OfMonth(year, 1 + rng.Next(12)),
                _ => PartialDate.OfDay(new DateOnly(year, 1 + rng.Next(12), 1 + rng.Next(28))),
            };
            sources.Add(new Source(publisher, $"{publisher} report no. {i + 1}", i % 2 == 0 ? $"https://news.example.org/{publisher.ToLowerInvariant().Replace(' ', '-')}/{i + 1}" : null,
                i % 5 == 0 ? $"REF-{i:D4}" : null, published));
        }
        return sources;
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
