using System.Collections.Concurrent;
using FluentValidation;

namespace RelationsLedger.Application.Commands.Recording;

/// <summary>
/// The sources that passed the sources' rules (<see cref="RecordCommandValidator{T}"/>) in a command that passed whole, within
/// one run over many commands (an import, a verify, a digest: one <c>EventCommands</c>), so a source cited again is not run
/// through FluentValidation's child rules again. An import cites the same few sources on many lines, and those child rules
/// (a child context, a property path and a display name per rule of every source) were ~40 % of its validation
/// (docs/performance.md, round 49).
/// </summary>
/// <remarks>
/// This is a memo of the rules' own answer, not a second statement of them: a source is vouched for only by having
/// passed them. What those rules can see is the source (a record: equal values are the same source), whether the command
/// is checked as already recorded (<see cref="FieldRules.AsRecorded"/>, the only datum the ledger puts in a validation
/// context) and the day a date in the future is measured against (<see cref="FieldRules.LatestDayBegun"/>); all three are the key. The sources of a command are skipped only
/// when every one of them is vouched for, so a failure is always FluentValidation's, with its message, field and order.
/// Bounded by the characters held: past the bound nothing more is remembered, and the rest is validated as before.
/// </remarks>
public sealed class VouchedSources
{
    /// <summary>The key of the validation context's data under which a run's memo is handed to the validators.</summary>
    internal const string Key = "RelationsLedger.VouchedSources";

    /// <summary>Characters of the sources' text held at most (~4 MB with the records), whatever the run's length.</summary>
    public const int MaxCharacters = 2_000_000;

    /// <summary>What a source costs besides its text: the records, the dictionary's entry (in characters, for the bound).</summary>
    private const int EntryCharacters = 64;

    private readonly ConcurrentDictionary<(SourceInput Source, bool AsRecorded), DateOnly> _days = new();
    private long _characters;

    /// <summary>The sources remembered (for tests and progress of a bound).</summary>
    public int Count => _days.Count;

    /// <summary>
    /// Whether every one of <paramref name="sources"/> passed the sources' rules, checked the same way (as recorded or not), on
    /// <paramref name="today"/>. No for no sources or a null one: the rules see those.
    /// </summary>
    public bool VouchForAll(IReadOnlyList<SourceInput?>? sources, bool asRecorded, DateOnly today)
    {
        if (sources is null || sources.Count == 0) return false;
        for (var i = 0; i < sources.Count; i++) // by index: a foreach over the interface boxes the list's enumerator, on every line of an import
            if (sources[i] is not { } source || !_days.TryGetValue((source, asRecorded), out var day) || day != today) return false;
        return true;
    }

    /// <summary>
    /// Remembers the sources of a command that passed every rule, checked as recorded or not, on <paramref name="today"/>
    /// (the day a date in the future was measured against when its validation began and ended).
    /// </summary>
    public void Vouch(IReadOnlyList<SourceInput?>? sources, bool asRecorded, DateOnly today)
    {
        if (sources is null) return;
        for (var i = 0; i < sources.Count; i++) // by index, as VouchForAll
        {
            if (sources[i] is not { } source) continue;
            var key = (source, asRecorded);
            if (_days.TryGetValue(key, out var day))
            {
                if (day != today) _days[key] = today;
                continue;
            }
            var size = EntryCharacters + Length(source);
            if (Interlocked.Add(ref _characters, size) > MaxCharacters)
            {
                Interlocked.Add(ref _characters, -size);
                return;
            }
            if (!_days.TryAdd(key, today)) Interlocked.Add(ref _characters, -size); // another thread vouched for it meanwhile
        }
    }

    /// <summary>
    /// The condition of the sources' rules: run them unless the run's memo (<paramref name="vouched"/>; null: none) vouches for every
    /// source of <paramref name="sources"/>, checked as recorded or not (<paramref name="asRecorded"/>, <see cref="RuleRun{T}"/>).
    /// </summary>
    internal static bool MustCheck(IReadOnlyList<SourceInput?>? sources, VouchedSources? vouched, bool asRecorded, TimeProvider clock) =>
        !(vouched is not null && vouched.VouchForAll(sources, asRecorded, FieldRules.LatestDayBegun(clock)));

    /// <summary>The memo a validation context carries (under <see cref="Key"/>), if any.</summary>
    internal static VouchedSources? Of(IValidationContext context) => context.RootContextData.TryGetValue(Key, out var memo) ? memo as VouchedSources : null;

    private static int Length(SourceInput s) =>
        (s.Publisher?.Length ?? 0) + (s.Title?.Length ?? 0) + (s.Url?.Length ?? 0) + (s.Reference?.Length ?? 0) + (s.PublishedOn?.Length ?? 0);
}
