namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// The kinds of item beyond relations, designations and missions, read from domain.md ("What a relationship's current state
/// shows"), docs/events.md (each event's meaning and fields) and docs/panel.md (one recognition, ambassador and mission each
/// way; counts of the others). Where those are silent the reading chosen is written beside it (docs/projections.md, "What
/// the definitions oracle proves").
/// </summary>
public sealed partial class DefinitionsOracle
{
    /// <summary>The fields of each kind's item that an answer shows and the oracle reads from its events, in the answer's names.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> KindFields = new Dictionary<string, string[]>
    {
        ["recognition"] = ["actor", "counterpart", "form"],
        ["ambassador"] = ["sending", "receiving", "person"],
        ["nomination"] = ["sending", "receiving", "person"],
        ["sanctions"] = ["actor", "counterpart", "programme", "scope"],
        ["agreement"] = ["kind", "title"], // mutual: the relationship's parties, not named again in its item
        ["pledge"] = ["actor", "counterpart", "domain", "adversary"],
        ["project"] = ["actor", "counterpart", "sector", "title", "stage"],
        ["engagement"] = ["kind", "place", "title"],
        ["statement"] = ["actor", "counterpart", "speaker", "stance", "summary"],
    };

    /// <summary>The kinds as the state answer names its lists, in its order.</summary>
    public static readonly (string Kind, string List)[] TenureKinds =
        [("recognition", "recognitions"), ("ambassador", "ambassadors"), ("nomination", "nominations"), ("sanctions", "sanctions"),
         ("agreement", "agreements"), ("pledge", "pledges"), ("project", "projects")];

    /// <summary>How many engagements and how many statements the state shows: the latest ten (domain.md, docs/projections.md).</summary>
    public const int Latest = 10;

    private sealed record Ending(DayRange On, Guid EventId, string Type);

    /// <summary>One item of a kind that holds from an event until another ends it (or for ever: a pledge).</summary>
    private sealed record Tenure(string Kind, string Actor, IReadOnlyDictionary<string, string> Values, DayRange Since, Guid EventId, Ending? Ended)
    {
        public string Status => Ended is null ? "in-force" : "ended";
        public DayRange LastChange => Ended?.On ?? Since;
    }

    /// <summary>An engagement or a statement: an event, not a state — it stays from its date on.</summary>
    private sealed record Occurrence(string Kind, string? Actor, IReadOnlyDictionary<string, string> Values, DayRange On, Guid EventId);

    public static string FieldsText(string kind, Func<string, string> value) =>
        string.Join(' ', KindFields[kind].Select(name => $"{name}={value(name)}"));

    private static Dictionary<string, string> Values(string kind, Form f, params (string Name, string Value)[] given)
    {
        var values = KindFields[kind].ToDictionary(n => n, n => (string?)f.Data[n] ?? "");
        foreach (var (name, value) in given) values[name] = value;
        return values;
    }

    /// <summary>Titles and programmes as identities: without regard to case and surrounding blanks, as events.md says of lists and programmes (and, silent there, read so of titles too).</summary>
    private static string Key(string text) => text.Trim().ToUpperInvariant();

    private static void Put(Standing s, string kind, string identity, Tenure item)
    {
        if (!s.Tenures.TryGetValue(kind, out var items)) s.Tenures[kind] = items = [];
        var at = items.FindIndex(t => IdentityOf(t) == identity);
        if (at >= 0) items[at] = item; else items.Add(item);
    }

    private static Tenure? Holding(Standing s, string kind, string identity) =>
        s.Tenures.TryGetValue(kind, out var items) ? items.FirstOrDefault(t => IdentityOf(t) == identity && t.Ended is null) : null;

    private static void End(Standing s, string kind, string identity, Form f)
    {
        if (Holding(s, kind, identity) is { } held) Put(s, kind, identity, held with { Ended = new(f.Effective, f.Id, f.Type) });
    }

    /// <summary>
    /// What identifies an item within its kind: a recognition and an ambassador, one each way (domain.md: "Recognition each
    /// way", "ambassadors in post each way"); a nomination, its sending party and person
    /// as written (case counts: events.md was silent, and says so now — a person is no list to match loosely); a sanctions programme, its actor and
    /// programme; an agreement, its title ("its title identifies it in the relationship"); a project, its title likewise; a
    /// pledge, itself (nothing ends one).
    /// </summary>
    private static string IdentityOf(Tenure t) => t.Kind switch
    {
        "recognition" or "ambassador" => t.Actor,
        "nomination" => $"{t.Actor}|{t.Values["person"]}",
        "sanctions" => $"{t.Actor}|{Key(t.Values["programme"])}",
        "agreement" or "project" => Key(t.Values["title"]),
        _ => t.EventId.ToString(),
    };

    private static Tenure New(string kind, string actor, Form f, params (string, string)[] given) => new(kind, actor, Values(kind, f, given), f.Effective, f.Id, null);

    private static void ApplyOtherKind(Standing s, Form f)
    {
        switch (f.Type)
        {
            case "RecognitionGranted": Put(s, "recognition", f.Field("actor"), New("recognition", f.Field("actor"), f)); break;
            case "RecognitionWithdrawn": End(s, "recognition", f.Field("actor"), f); break;
            case "AmbassadorNominated":
                Put(s, "nomination", $"{f.Field("sending")}|{f.Field("person")}", New("nomination", f.Field("sending"), f));
                break;
            case "AmbassadorAccredited": // "pending until accredited": the nomination of the same person ends; the ambassador is in post
                End(s, "nomination", $"{f.Field("sending")}|{f.Field("person")}", f);
                Put(s, "ambassador", f.Field("sending"), New("ambassador", f.Field("sending"), f));
                break;
            case "AmbassadorRecalled" or "AmbassadorExpelled": End(s, "ambassador", f.Field("sending"), f); break;
            case "SanctionsImposed":
                Put(s, "sanctions", $"{f.Field("actor")}|{Key(f.Field("programme"))}", New("sanctions", f.Field("actor"), f));
                break;
            case "SanctionsLifted": End(s, "sanctions", $"{f.Field("actor")}|{Key(f.Field("programme"))}", f); break;
            case "AgreementSigned": Put(s, "agreement", Key(f.Field("title")), New("agreement", "", f)); break;
            case "AgreementTerminated": End(s, "agreement", Key(f.Field("title")), f); break;
            case "CooperationPledged": Put(s, "pledge", f.Id.ToString(), New("pledge", f.Field("actor"), f)); break;
            case "ProjectProposed": Put(s, "project", Key(f.Field("title")), New("project", f.Field("actor"), f, ("stage", "proposed"))); break;
            case "ProjectLaunched" when Holding(s, "project", Key(f.Field("title"))) is { } proposed:
                // A launch is the change that now puts the project there (domain.md: "for each item the event that put it
                // there"): its stage, date and event; the rest is the proposal's.
                Put(s, "project", Key(f.Field("title")), proposed with
                {
                    Values = new Dictionary<string, string>(proposed.Values) { ["stage"] = "launched" }, Since = f.Effective, EventId = f.Id,
                });
                break;
            case "ProjectCancelled": End(s, "project", Key(f.Field("title")), f); break;
            case "EngagementHeld" or "StatementMade":
                var kind = f.Type == "EngagementHeld" ? "engagement" : "statement";
                if (!s.Occurrences.TryGetValue(kind, out var list)) s.Occurrences[kind] = list = [];
                list.Add(new(kind, (string?)f.Data["actor"], Values(kind, f), f.Effective, f.Id));
                break;
        }
    }

    private static string Line(Tenure t, DateOnly asOf) =>
        $"{t.Kind} {FieldsText(t.Kind, n => t.Values[n])} since {t.Since} ({t.EventId}) {t.Status} {t.LastChange.CertaintyAsOf(asOf)}"
        + (t.Ended is { } e ? $" ended {e.On} ({e.EventId}) {e.Type}" : "");

    /// <summary>An engagement or statement as the n-th (from 1, oldest first) of the latest ten.</summary>
    public static string OccurrenceLine(string kind, int place, string fields, string on, Guid eventId, string certainty) =>
        $"{kind} {place:00} {fields} on {on} ({eventId}) {certainty}";

    /// <summary>
    /// Every item of the other kinds, ended ones too (as designations and missions are kept: the state says what ended them);
    /// and the latest ten engagements and statements as of the day: of those whose first possible day is on or before it, the
    /// last ten in the record's order (first day, last day, recording order — docs/projections.md, "Engagements and
    /// statements"), oldest first, each certain once its last day is on or before the day.
    /// </summary>
    private static IEnumerable<string> OtherKindLines(Standing s, DateOnly asOf) =>
        s.Tenures.Values.SelectMany(items => items).Select(t => Line(t, asOf))
            .Concat(s.Occurrences.Values.SelectMany(list => list.TakeLast(Latest).Select((o, i) =>
                OccurrenceLine(o.Kind, i + 1, FieldsText(o.Kind, n => o.Values[n]), o.On.Text, o.EventId, o.On.CertaintyAsOf(asOf)))));
}
