using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MediatR;
using RelationsLedger.Application.Audit.Import;
using RelationsLedger.Application.Commands.Missions;
using RelationsLedger.Application.Commands.Recording;
using RelationsLedger.Application.Serialization;
using RelationsLedger.Application.Storage;
using RelationsLedger.Domain;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Import.UsMissions;

/// <summary>
/// Imports Brenton Kenkel's US Diplomatic Mission Status Data (v0.1, CC-BY 4.0) as mission events
/// of the United States (party <c>US</c>) in each country, through the ordinary command pipeline:
/// each row is validated and decided like any analyst's command. Per country, in effective-date
/// order: "None" closes the open mission, the first other status opens one, and any later one
/// changes its level. Command ids derive from the row, so importing twice records nothing new.
/// </summary>
public static class UsMissionsImport
{
    public const string UnitedStates = "US";
    public const string RecordedBy = "us-missions-import";

    /// <summary>
    /// The most a dataset file may have: transitions.csv v0.1 has 40 KB, and every row is held and then recorded as a command
    /// of its own (10,000 rows take seconds); a file larger than this is not the dataset, and is refused unread.
    /// </summary>
    public const int MaxFileBytes = 16 << 20;

    public static readonly SourceInput Historian = new(
        "U.S. Department of State, Office of the Historian", "Chiefs of Mission by country, 1778–present",
        "https://history.state.gov/departmenthistory/people/chiefsofmission");

    /// <summary>The dataset's status names and the ledger's mission levels; "None" is no mission.</summary>
    public static IReadOnlyDictionary<string, MissionLevel?> Statuses { get; } = new Dictionary<string, MissionLevel?>(StringComparer.Ordinal)
    {
        ["Embassy"] = MissionLevel.Embassy,
        ["Ambassador Nonresident"] = MissionLevel.AmbassadorNonresident,
        ["Legation"] = MissionLevel.Legation,
        ["Envoy Nonresident"] = MissionLevel.EnvoyNonresident,
        ["Consulate"] = MissionLevel.Consulate,
        ["Consul Nonresident"] = MissionLevel.ConsulNonresident,
        ["Liaison"] = MissionLevel.Liaison,
        ["Interests"] = MissionLevel.InterestsSection,
        ["None"] = null,
    };

    /// <summary>State Department names to party ids (ISO 3166-1 alpha-2, or a slug for historic states): the committed party-ids.csv.</summary>
    public static IReadOnlyDictionary<string, string> PartyIds { get; } = LoadPartyIds();

    private static Dictionary<string, string> LoadPartyIds()
    {
        using var stream = typeof(UsMissionsImport).Assembly.GetManifestResourceStream("RelationsLedger.Import.UsMissions.party-ids.csv")
            ?? throw new InvalidOperationException("The embedded party-ids.csv is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Csv.Records(reader, "party-ids.csv", ["state_dept_name", "party_id"]).ToDictionary(r => r.Row!["state_dept_name"], r => r.Row!["party_id"], StringComparer.Ordinal);
    }

    /// <summary>
    /// The file's rows, as <see cref="Read(TextReader, string)"/> reads them, from its bytes: UTF-8 (a byte-order mark allowed), or
    /// refused naming every line (up to <see cref="MostProblems"/>) of bytes that are not — read leniently, they would be recorded as U+FFFD in the source.
    /// </summary>
    public static IReadOnlyList<MissionTransition> Read(ReadOnlySpan<byte> file, string source)
    {
        var notText = Utf8Text.Problems(file, MostProblems + 1);
        if (notText.Count > 0) throw Refusal([.. notText.Select(p => $"{source} line {p.Line} {p.Problem}.")]);
        using var reader = new StringReader(Utf8Text.Strict.GetString(file));
        return Read(reader, source);
    }

    /// <summary>How many problems a refused file is checked for: enough to mend it in one pass, never the whole of a wrong file.</summary>
    public const int MostProblems = 100;

    /// <summary>
    /// Reads and maps every row. Rows that cannot be read stop the import before anything is recorded, each named by line and
    /// field (<see cref="UsMissionsFileException"/>): every such row up to <see cref="MostProblems"/>, then a quote out of place
    /// if there is one, after which the reader cannot tell where fields end.
    /// </summary>
    public static IReadOnlyList<MissionTransition> Read(TextReader reader, string source)
    {
        var result = new List<MissionTransition>();
        var problems = new List<string>();
        try
        {
            foreach (var (line, row, problem) in Csv.Records(reader, source, ["state_dept_name", "status_change", "year", "month", "day", "notes"], goOn: true))
            {
                try
                {
                    result.Add(Transition(line, row ?? throw new FormatException(problem), source));
                }
                catch (FormatException e)
                {
                    problems.Add(e.Message);
                    if (problems.Count > MostProblems) break;
                }
            }
        }
        catch (FormatException e)
        {
            problems.Add(e.Message);
        }
        // A header and no row is a file cut after its first line, or the wrong file: before, it "imported" 0 rows with exit code 0
        // and named the file by the SHA-256 of no rows (e3b0c442…), as if it were another version of the dataset.
        if (problems.Count == 0 && result.Count == 0)
            problems.Add($"{source} has a header row and no row after it: there is nothing to import. The dataset's transitions.csv has a row " +
                "for each change of a mission's status (a file cut short after its header, or another file?).");
        if (problems.Count > 0) throw Refusal(problems);
        return result;
    }

    private static UsMissionsFileException Refusal(IReadOnlyList<string> problems) => new(problems.Count > MostProblems
        ? [.. problems.Take(MostProblems), $"… and more: checking stopped after {MostProblems} problems."]
        : problems);

    /// <summary>One row as the transition it records, or a <see cref="FormatException"/> naming its line and field.</summary>
    private static MissionTransition Transition(int line, IReadOnlyDictionary<string, string> row, string source)
    {
        string Where(string field) => $"{source} line {line}, field '{field}'";
        var name = row["state_dept_name"].Trim();
        if (!PartyIds.TryGetValue(name, out var party)) throw new FormatException($"{Where("state_dept_name")}: '{name}' has no party id in party-ids.csv.");
        if (!Statuses.TryGetValue(row["status_change"].Trim(), out var level))
            throw new FormatException($"{Where("status_change")}: '{row["status_change"]}' is not one of {string.Join(", ", Statuses.Keys)}.");
        int? Number(string field)
        {
            var text = row[field].Trim();
            if (text.Length == 0) return null;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{Where(field)}: '{text}' is not a number.");
        }
        PartialDate date;
        try
        {
            date = PartialDate.Create(Number("year") ?? throw new FormatException("the year is missing"), Number("month"), Number("day"));
        }
        catch (FormatException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new FormatException($"{Where("year/month/day")}: {e.Message}.", e);
        }
        var notes = row["notes"].Trim();
        // The note is recorded in the event's source, whose rules refuse such a character: named here, before anything is
        // recorded, rather than by the source's rule when the import reaches the row, the rows before it recorded.
        if (FieldRules.UnprintableAt(notes) is >= 0 and var at)
            throw new FormatException($"{Where("notes")}: U+{(int)notes[at]:X4} at position {at + 1} is not printable; a note may hold printable characters and spaces only (it is recorded in the event's source).");
        return new(line, name, party, level, date, notes.Length > 0 ? notes : null);
    }

    /// <summary>
    /// The commands the rows make, per country in effective-date order, each naming <paramref name="version"/> as its source;
    /// rows that change nothing are skipped with the reason.
    /// </summary>
    private static (IReadOnlyList<(MissionTransition Row, RecordCommand Command)> Commands, IReadOnlyList<string> Skipped) Plan(
        IReadOnlyList<MissionTransition> rows, DatasetVersion version)
    {
        var commands = new List<(MissionTransition, RecordCommand)>();
        var skipped = new List<string>();
        foreach (var country in rows.GroupBy(r => r.Party))
        {
            MissionLevel? open = null;
            foreach (var row in country.OrderBy(r => r.EffectiveDate).ThenBy(r => r.Line))
            {
                RecordCommand? command = (open, row.Level) switch
                {
                    (null, null) => null,
                    (not null, null) => new CloseMission(UnitedStates, row.Party, "no US representation (dataset status None)"),
                    (null, { } level) => new OpenMission(UnitedStates, row.Party, Names.Of(level)),
                    ({ } was, { } level) when was == level => null,
                    (_, { } level) => new ChangeMissionLevel(UnitedStates, row.Party, Names.Of(level)),
                };
                if (command is null)
                {
                    skipped.Add($"line {row.Line} ({row.StateDeptName} {row.EffectiveDate}): the status is already {(row.Level is { } l ? Names.Of(l) : "none")}");
                    continue;
                }
                open = row.Level;
                commands.Add((row, command with
                {
                    CommandId = IdOf(version, row),
                    EffectiveDate = row.EffectiveDate.ToString(),
                    RecordedBy = RecordedBy,
                    Sources = [version.Source with { Reference = Reference(version, row) }, Historian],
                }));
            }
        }
        return (commands, skipped);
    }

    /// <summary>
    /// Records the rows' commands one by one. Every command is validated first, so a row the pipeline would refuse as input (a
    /// date still to come, a text a field may not hold) stops the import before anything is recorded, named by its line
    /// (<see cref="UsMissionsFileException"/>); only what depends on what is recorded (the decision) can refuse a row later,
    /// and such a row is listed as refused while the others are recorded.
    /// </summary>
    public static async Task<UsMissionsImportResult> RunAsync(IMediator mediator, CommandValidators validators, IReadOnlyList<MissionTransition> rows,
        string source, Action<int, int>? progress, CancellationToken ct)
    {
        var version = DatasetVersion.Of(rows);
        var (commands, skipped) = Plan(rows, version);
        var invalid = commands.SelectMany(c => validators.Validate(c.Command).Select(f =>
            $"{source} line {c.Row.Line} ({c.Row.StateDeptName} {c.Row.EffectiveDate}), {f.PropertyName}: {f.ErrorMessage}")).ToList();
        if (invalid.Count > 0) throw Refusal(invalid);
        var (recorded, already, refused) = (0, 0, new List<string>());
        for (var i = 0; i < commands.Count; i++)
        {
            var (row, command) = commands[i];
            try
            {
                var result = await mediator.Send(command, ct);
                if (result.AlreadyRecorded) already++; else recorded++;
            }
            catch (CommandRefusedException e)
            {
                refused.Add($"line {row.Line} ({row.StateDeptName} {row.EffectiveDate}): {e.Message}");
            }
            // Each event is its own command: those before the failure are recorded, and saying "nothing was recorded" would be false.
            // An append of unknown outcome is said so even as the first: the store's words say only that, and what to do is the
            // import's to say — run it again (its command ids come from the file; before round 57 the store told the user to retry
            // "with the same command id", which the import never shows).
            catch (StoreUnavailableException e) when (recorded > 0 || e.OutcomeUnknown)
            {
                throw new StoreUnavailableException(
                    $"The import stopped at line {row.Line} ({row.StateDeptName} {row.EffectiveDate}) after recording {recorded} of {commands.Count} events: {e.Message} " +
                    "Run it again once the store can be written: what is recorded is recognised and not recorded twice.", e) { OutcomeUnknown = e.OutcomeUnknown };
            }
            catch (OperationCanceledException e) when (ct.IsCancellationRequested && recorded > 0)
            {
                throw new ImportCancelledException(
                    $"The import was cancelled after recording {recorded} of {commands.Count} events. Run it again to finish it: what is recorded is recognised and not recorded twice.",
                    e.CancellationToken);
            }
            progress?.Invoke(i + 1, commands.Count);
        }
        return new(rows.Count, recorded, already, skipped, refused, version.Name);
    }

    private static string Reference(DatasetVersion version, MissionTransition row)
    {
        var text = $"{version.Source.Reference}, transitions.csv line {row.Line}: {row.StateDeptName}{(row.Notes is { } n ? $"; note: {n}" : "")}";
        if (text.Length <= FieldRules.ShortText) return text;
        // Cut whole characters: half of one beyond the BMP (an emoji) is refused by the source's rule.
        var cut = char.IsHighSurrogate(text[FieldRules.ShortText - 2]) ? FieldRules.ShortText - 2 : FieldRules.ShortText - 1;
        return text[..cut] + "…";
    }

    /// <summary>A stable id per row of a version of the file (a name-based UUID), so that a repeated import is recognised and records nothing twice.</summary>
    private static Guid IdOf(DatasetVersion version, MissionTransition row)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{version.IdPrefix}/{row.StateDeptName}/{row.Line}/{row.EffectiveDate}/{row.Level}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
