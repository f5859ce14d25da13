// Does every table the CLI draws end? Two modes, each drawing with a bounded wait; a drawing that has not ended is reported
// ("HANG <case>") and the process exits, the spinning thread being beyond stopping; table-fuzz.sh resumes after it.
//   cells <from-case> <seeds>: each table's columns as the CLI declares them, random cells (ASCII, long words, Cyrillic, CJK,
//     emoji, combining marks, emoji codes, markup, empty, several lines) made by Cells.Text, drawn by PagedTable.Write and
//     Cells.AddRow at widths 1-200; a case is (table, seed, width).
//   check <seeds>: as cells, but reads each drawing for what it left out or cut (DrawnFields: a column of no width, a cell
//     not all there, a character shown as …, a date or id cut in two) and counts the drawings by table and fault.
//   cli <widths> <out-dir> <ledger args…>: the command through LedgerApp.RunAsync on a console of each width (a list
//     "40,50" or a range "1-200"); each width's output is written to <out-dir>/<width>.txt, a case is a width.
using RelationsLedger.Cli;
using RelationsLedger.Cli.Output;
using RelationsLedger.Cli.Tests;
using Spectre.Console.Rendering;
using Spectre.Console;
using System.Text;

return args[0] switch
{
    "cells" => RandomCells(int.Parse(args[1]), int.Parse(args[2])),
    "cli" => Cli(args[1], args[2], args[3..]),
    "check" => Check(int.Parse(args[1])),
    _ => throw new ArgumentException("cells <from-case> <seeds> | cli <widths> <out-dir> <ledger args…>"),
};

static IAnsiConsole PlainConsole(StringWriter output, int width)
{
    var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
    console.Profile.Width = width;
    return console;
}

static void Ended(Task drawing, string what)
{
    // 10 s unless FUZZ_WAIT says otherwise: a first query of a large ledger on a loaded machine can take longer to start.
    var wait = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_WAIT"), out var seconds) ? seconds : 10;
    if (drawing.Wait(TimeSpan.FromSeconds(wait))) return;
    System.Console.WriteLine($"HANG {what}");
    System.Console.Out.Flush();
    Environment.Exit(3);
}

static int Cli(string widthList, string outDir, string[] command)
{
    var widths = widthList.Contains('-') && !widthList.Contains(',')
        ? Enumerable.Range(int.Parse(widthList.Split('-')[0]), int.Parse(widthList.Split('-')[1]) - int.Parse(widthList.Split('-')[0]) + 1).ToArray()
        : widthList.Split(',').Select(int.Parse).ToArray();
    Directory.CreateDirectory(outDir);
    foreach (var width in widths)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var run = Task.Run(() => LedgerApp.RunAsync(command, () => PlainConsole(output, width), output, error));
        Ended(run, width.ToString());
        File.WriteAllText(Path.Combine(outDir, $"{width}.txt"), $"exit {run.Result}\n{output}{error}");
    }
    System.Console.WriteLine("DONE");
    return 0;
}

static int Check(int seeds)
{
    var tables = RandomTables.Tables();
    var faulty = new Dictionary<string, (int Drawings, int Zero, int Missing, int Ellipsis, int Folded, int List, List<int> Widths)>();
    foreach (var (name, heading, wholeValues) in tables)
    {
        var tally = (Drawings: 0, Zero: 0, Missing: 0, Ellipsis: 0, Folded: 0, List: 0, Widths: new List<int>());
        var labels = heading().Columns.Select(c => string.Concat(c.Header.GetSegments(AnsiConsole.Console).Select(x => x.Text))).ToList();
        var whole = Enumerable.Range(0, labels.Count).Where(i => heading().Columns[i].NoWrap || wholeValues.Contains(i)).ToHashSet();
        for (var seed = 0; seed < seeds; seed++)
            for (var width = 1; width <= 200; width++)
            {
                var random = new Random(seed * 7919 + Array.FindIndex(tables, t => t.Name == name));
                // A column of dates and ids holds such values (several lines of them, as history's Event); the others any text.
                var texts = Enumerable.Range(0, random.Next(1, 6))
                    .Select(_ => Enumerable.Range(0, labels.Count).Select(c => Printable.Text(whole.Contains(c) ? RandomTables.ValueText(random) : RandomTables.CellText(random))).ToArray()).ToList();
                var output = new StringWriter();
                var rows = texts.Select(r => r.Select(Markup.Escape).ToArray()).ToList();
                Ended(Task.Run(() => PagedTable.Write(PlainConsole(output, width), heading, rows, wholeValues: wholeValues)), $"{name} seed={seed} width={width}");
                var faults = DrawnFields.Of(output.ToString(), labels, whole, texts, width);
                tally.Drawings++;
                if (faults.List) tally.List++;
                if (Environment.GetEnvironmentVariable("FUZZ_SHOW") == $"{name} {seed} {width}")
                    System.Console.WriteLine($"{System.Text.Json.JsonSerializer.Serialize(texts)}\n{output}\n{faults}");
                if (!faults.Any) continue;
                if (Environment.GetEnvironmentVariable("FUZZ_SHOW") == "faults") System.Console.WriteLine($"  {name} seed={seed} width={width}: {faults}");
                if (faults.ZeroColumns > 0) tally.Zero++;
                if (faults.Missing > 0) tally.Missing++;
                if (faults.CutToEllipsis > 0) tally.Ellipsis++;
                if (faults.Folded > 0) tally.Folded++;
                tally.Widths.Add(width);
            }
        var w = tally.Widths.Distinct().Order().ToList();
        System.Console.WriteLine($"{name}: {tally.Widths.Count} of {tally.Drawings} drawings leave out or cut something (drawn as fields: {tally.List}) — column of no width {tally.Zero}, " +
            $"cell not all there {tally.Missing}, character as … {tally.Ellipsis}, date/id cut in two {tally.Folded}; widths {(w.Count == 0 ? "none" : $"{w[0]}–{w[^1]} ({w.Count} distinct, {w.Count(x => x >= 40)} at 40 or more)")}");
    }
    return 0;
}

static int RandomCells(int start, int seeds)
{
    var tables = RandomTables.Tables().Select(t => (t.Name, t.Heading)).ToArray();
    var total = tables.Length * seeds * 200;
    for (var index = start; index < total; index++)
    {
        var (t, rest) = Math.DivRem(index, seeds * 200);
        var (seed, w) = Math.DivRem(rest, 200);
        var width = w + 1;
        var random = new Random(seed * 7919 + t);
        var columns = tables[t].Heading().Columns.Count;
        var rows = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Enumerable.Range(0, columns).Select(_ => Cells.Text(RandomTables.CellText(random))).ToArray()).ToList();
        Ended(Task.Run(() => PagedTable.Write(PlainConsole(new StringWriter(), width), tables[t].Heading, rows)),
            $"{index} {tables[t].Name} seed={seed} width={width} rows={System.Text.Json.JsonSerializer.Serialize(rows)}");
    }
    System.Console.WriteLine($"DONE {total}");
    return 0;
}
