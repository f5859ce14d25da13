using RelationsLedger.Cli.Output;
using Spectre.Console;

namespace RelationsLedger.Cli.Tests;

/// <summary>
/// benchmarks/table-fuzz's property over a bounded, seeded sample: each table the CLI draws, random rows (any text in the
/// wrapped columns, dates and ids in the others), widths 2–200 — the CLI never draws at 1 — drawn whole and page by page.
/// Every drawing shows every field of every row whole (<see cref="DrawnFields"/>); where it is a table, it is the table
/// Spectre.Console draws of those rows, byte for byte (docs/performance.md, round 60).
/// </summary>
public sealed class TableOrFieldsPropertyTests
{
    private const int Seeds = 3;
    private const int WidthsPerSeed = 30;

    [Fact]
    public void Every_drawing_shows_every_field_whole_and_a_table_is_Spectres_own()
    {
        var failures = new List<string>();
        foreach (var (name, heading, wholeValues) in RandomTables.Tables())
        {
            var columns = heading().Columns;
            var labels = FieldList.Labels(heading(), Options);
            var whole = Enumerable.Range(0, columns.Count).Where(i => columns[i].NoWrap || wholeValues.Contains(i)).ToHashSet();
            for (var seed = 1; seed <= Seeds; seed++)
            {
                var random = new Random(6000 + seed * 31 + name.Length);
                var texts = Enumerable.Range(0, random.Next(1, 6))
                    .Select(_ => Enumerable.Range(0, columns.Count).Select(c => Printable.Text(whole.Contains(c) ? RandomTables.ValueText(random) : RandomTables.CellText(random))).ToArray())
                    .ToList();
                var rows = texts.Select(r => r.Select(Markup.Escape).ToArray()).ToList();
                foreach (var width in Enumerable.Range(0, WidthsPerSeed).Select(_ => random.Next(2, 201)).Append(59).Distinct())
                {
                    var drawn = Drawn(width, c => PagedTable.Write(c, heading, rows, wholeValues: wholeValues));
                    var faults = DrawnFields.Of(drawn, labels, whole, texts, width);
                    if (faults.Any) failures.Add($"{name} seed {seed} width {width}: {faults}\n{drawn}");
                    if (!faults.List && drawn != Drawn(width, c => c.Write(TableOf(heading(), rows))))
                        failures.Add($"{name} seed {seed} width {width}: the table is not Spectre.Console's own");
                    var paged = Drawn(width, c => PagedTable.Write(c, heading, rows, pageRows: 2, wholeValues: wholeValues));
                    if (rows.Count > 2 && paged != drawn) failures.Add($"{name} seed {seed} width {width}: page by page it is another drawing\n{paged}\n{drawn}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} drawing(s):\n{string.Join("\n", failures.Take(3))}");
    }

    private static readonly Spectre.Console.Rendering.RenderOptions Options =
        Spectre.Console.Rendering.RenderOptions.Create(PlainConsole(new StringWriter(), 80), new Capabilities());

    private static Table TableOf(Table heading, List<string[]> rows)
    {
        foreach (var row in rows) Cells.AddRow(heading, row);
        return heading;
    }

    private static string Drawn(int width, Action<IAnsiConsole> draw)
    {
        var output = new StringWriter();
        var drawing = Task.Run(() => draw(PlainConsole(output, width)));
        Assert.True(drawing.Wait(TimeSpan.FromSeconds(30)), $"a drawing at width {width} had not ended after 30 s");
        return output.ToString();
    }

    private static IAnsiConsole PlainConsole(StringWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
