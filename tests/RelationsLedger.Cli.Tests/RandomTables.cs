using System.Text;
using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// The tables the CLI draws, declared as it declares them, and random cells for them: used by the tests and by
/// benchmarks/table-fuzz (docs/performance.md, rounds 59 and 60).
/// </summary>
public static class RandomTables
{
    // The tables of StateTable, HistoryTable, AcrossTables (designations, missions, changed), AuditCommand and ProjectionsCommand,
    // with the wrapped columns the CLI holds whole (AcrossTables, AuditCommand).
    public static (string Name, Func<Table> Heading, IReadOnlySet<int> WholeValues)[] Tables() =>
    [
        ("state", () => new Table().Title("AM~GM as of 2024-01-01").AddColumns(Cells.Short("Aspect"), new TableColumn("Item"), new TableColumn("Status"), Cells.Short("Since / on"), Cells.Short("Event (--json: full id)")), new HashSet<int>()),
        ("history", () => new Table().AddColumns(Cells.Short("Rev"), Cells.Short("Effective"), Cells.Short("Recorded at (UTC)"), new TableColumn("By"), Cells.Short("Event"), new TableColumn("Fields"), new TableColumn("Sources")), new HashSet<int>()),
        ("designations", () => new Table().Title("Designations by RU").AddColumns(["Actor", "Designates", "List (authority)", "Status", "Since / ended", "Event"]), new HashSet<int> { 0, 1, 4, 5 }),
        ("missions", () => new Table().Title("Missions of RU").AddColumns(["Actor", "In", "Level", "Status", "Since / ended", "Event"]), new HashSet<int> { 0, 1, 4, 5 }),
        ("changed", () => new Table().Title("Relationships that changed between 2020-01-01 and 2021-01-01").AddColumns("Relationship", "Effective", "Event", "Certainty", "Event id"), new HashSet<int> { 0, 1, 4 }),
        ("audit", () => new Table().Title("Audit of AM~GM: each event's effect").AddColumns(Cells.Short("Rev"), Cells.Short("Event (--json: full ids)"), new TableColumn("Effective / recorded (UTC) / by"), new TableColumn("Sources"), new TableColumn("What it changed")), new HashSet<int> { 2 }),
        ("projections", () => { var t = new Table(); foreach (var c in new[] { "Projection", "Position", "Log head", "Events applied", "Behind (lag)", "Updated (UTC)" }) t.AddColumn(new TableColumn(c).NoWrap()); t.AddColumn("Stopped on"); return t; }, new HashSet<int>()),
    ];

    public static string CellText(Random random)
    {
        string[] ascii = ["RU", "in force", "2012-04-24 → 2019-11-10", "Designation", "a", "Supreme Court", "averyveryveryverylongwordthatisneverbrokenbyspaces", "x"];
        string[] cyr = ["Федеральный", "список", "Ж", "Министерство иностранных дел"];
        string[] cjk = ["联合国", "日本語", "中", "ｗｉｄｅ", "한국어"];
        string[] emoji = ["👍", "👍🏽", "👨‍👩‍👧‍👦", "🇺🇦", "❤️", ":thumbsup:", ":flag_ua:"];
        string[] combining = ["e\u0301", "n\u0303o", "\u0301", "Z\u0335\u0321a"];
        string[][] pools = [ascii, cyr, cjk, emoji, combining, [""], ["[brackets]", "line one\nline two"]];
        var words = random.Next(0, 5);
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) sb.Append(random.Next(8) == 0 ? '\n' : ' ');
            var pool = pools[random.Next(pools.Length)];
            sb.Append(pool[random.Next(pool.Length)]);
        }
        return sb.ToString();
    }

    public static string ValueText(Random random)
    {
        string[] values = ["RU", "taliban", "CN~JP", "2003-02-14", "2012-04-24 → 2019-11-10", "2003-02", "ef81ee2a", "50a2bce9-1c4e-4d7a-9a43-0f1e2d3c4b5a",
            "DesignationImposed", "AmbassadorAccredited", "12,345", "1", "relations v3", "2024-01-01 12:00:00", "mends 5216a8c4", ""];
        return string.Join(random.Next(4) == 0 ? '\n' : ' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => values[random.Next(values.Length)]));
    }
}
