namespace RelationsLedger.Testing.Definitions;

/// <summary>
/// The cells of a dyad-period panel (docs/panel.md, "Rows and cells" and "Data dictionary"), worked out from the same
/// standing as the state: a value column holds the value of the item that holds (in force, or out of force only possibly by
/// the date), a count column counts such items, engagements and statements count those whose first possible day falls in
/// the period; each certainty is possible when an item of the column's direction is only possibly in its status on the
/// date (for engagements and statements: one's date straddles the date or the period's first day).
/// </summary>
public sealed partial class DefinitionsOracle
{
    /// <summary>Whether an item ended on this date (none: in force) holds on the day: in force, or ended only possibly.</summary>
    private static bool Holds(DayRange? endedOn, DateOnly date) => endedOn is not { } on || on.Last > date;

    private static string Certainty(IEnumerable<DayRange> lastChanges, DateOnly date) => lastChanges.Any(c => c.Last > date) ? "possible" : "certain";

    /// <summary>One relationship's panel row for a date whose period began on <paramref name="periodStart"/>: a line per column, <c>column=value certainty</c>, in the dictionary's order.</summary>
    public IReadOnlyList<string> PanelRow(string relationship, DateOnly date, DateOnly periodStart, DateTimeOffset? knownAt = null)
    {
        var s = StandingAsOf(relationship, date, knownAt);
        var parties = relationship.Split('~');
        var (a, b) = (parties[0], parties[1]);
        var lines = new List<string>();
        void Cell(string column, string value, string certainty) => lines.Add($"{relationship} {date:yyyy-MM-dd} {column}={value} {certainty}");

        Cell("relations", s.Relations?.Status ?? "", s.Relations is { } r ? Certainty([r.Since], date) : "certain");
        foreach (var (actor, side) in new[] { (a, "a"), (b, "b") })
        {
            var recognition = Tenures(s, "recognition").Where(t => t.Actor == actor).ToList();
            Cell($"recognition_by_{side}", string.Join("; ", recognition.Where(t => Holds(t.Ended?.On, date)).Select(t => t.Values["form"])), Certainty(recognition.Select(t => t.LastChange), date));
        }
        foreach (var (actor, side) in new[] { (a, "a"), (b, "b") })
        {
            var listings = s.Designations.Where(d => d.Actor == actor).ToList();
            Cell($"designations_by_{side}", listings.Count(d => Holds(d.Removed?.On, date) && Holds(d.Suspended?.On, date)).ToString(), Certainty(listings.Select(d => d.LastChange), date));
        }
        foreach (var (actor, other, where) in new[] { (a, b, "a_in_b"), (b, a, "b_in_a") })
        {
            var ambassador = Tenures(s, "ambassador").Where(t => t.Actor == actor).ToList();
            Cell($"ambassador_{where}", string.Join("; ", ambassador.Where(t => Holds(t.Ended?.On, date)).Select(t => t.Values["person"])), Certainty(ambassador.Select(t => t.LastChange), date));
        }
        Counts(lines, s, "nomination", "nominations", relationship, a, b, date);
        foreach (var (actor, where) in new[] { (a, "a_in_b"), (b, "b_in_a") })
        {
            var mission = s.MissionOf(actor);
            Cell($"mission_{where}", mission is not null && Holds(mission.Closed?.On, date) ? mission.Level : "", mission is null ? "certain" : Certainty([mission.LastChange], date));
        }
        Counts(lines, s, "sanctions", "sanctions", relationship, a, b, date);
        var agreements = Tenures(s, "agreement").ToList();
        Cell("agreements", agreements.Count(t => Holds(t.Ended?.On, date)).ToString(), Certainty(agreements.Select(t => t.LastChange), date));
        Counts(lines, s, "pledge", "pledges", relationship, a, b, date);
        Counts(lines, s, "project", "projects", relationship, a, b, date);
        Occurrences(lines, s, "engagement", null, "engagements", relationship, date, periodStart);
        Occurrences(lines, s, "statement", a, "statements_by_a", relationship, date, periodStart);
        Occurrences(lines, s, "statement", b, "statements_by_b", relationship, date, periodStart);
        return lines;
    }

    private static IEnumerable<Tenure> Tenures(Standing s, string kind) => s.Tenures.TryGetValue(kind, out var items) ? items : [];

    private static void Counts(List<string> lines, Standing s, string kind, string column, string relationship, string a, string b, DateOnly date)
    {
        foreach (var (actor, side) in new[] { (a, "a"), (b, "b") })
        {
            var items = Tenures(s, kind).Where(t => t.Actor == actor).ToList();
            lines.Add($"{relationship} {date:yyyy-MM-dd} {column}_by_{side}={items.Count(t => Holds(t.Ended?.On, date))} {Certainty(items.Select(t => t.LastChange), date)}");
        }
    }

    /// <summary>Engagements or one party's statements: those whose first possible day is in the period; possible when one's date straddles the date or the period's first day.</summary>
    private static void Occurrences(List<string> lines, Standing s, string kind, string? actor, string column, string relationship, DateOnly date, DateOnly periodStart)
    {
        var all = (s.Occurrences.TryGetValue(kind, out var list) ? list : []).Where(o => actor is null || o.Actor == actor).ToList();
        var count = all.Count(o => o.On.First >= periodStart && o.On.First <= date);
        var possible = all.Any(o => (o.On.First <= date && o.On.Last > date) || (o.On.First < periodStart && o.On.Last >= periodStart));
        lines.Add($"{relationship} {date:yyyy-MM-dd} {column}={count} {(possible ? "possible" : "certain")}");
    }
}
