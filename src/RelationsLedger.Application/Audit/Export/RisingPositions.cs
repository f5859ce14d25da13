using RelationsLedger.Application.Storage;

namespace RelationsLedger.Application.Audit.Export;

/// <summary>
/// The order of an export's lines, as both of its readers (the import, <c>verify --file</c>) check it: an export lists its
/// events in its store's order, so each line's position rises above the line's before it. A file reordered — reversed,
/// sorted by another field, two exports joined, a line inserted or moved by hand — is named at the first line of each fall, rather
/// than by what its order does to the chains and the rules (a chain that "does not chain", an event "refused where it stands").
/// Such a file is never passed as the ledger's: it is not an export the ledger wrote.
/// </summary>
public sealed class RisingPositions
{
    private (int Line, GlobalPosition Position)? _before;

    /// <summary>Why <paramref name="position"/>, on line <paramref name="line"/>, is out of order; null when it rises. Give every line whose position was read, in file order.</summary>
    public string? Next(int line, GlobalPosition position)
    {
        var before = _before;
        _before = (line, position);
        return before is { } b && position <= b.Position
            ? $"{position} is not after {b.Position}, the position of line {b.Line}: an export lists its events in its store's order, positions rising " +
              "(a file reversed, sorted otherwise or joined from two exports, or a line inserted or moved by hand? No export the ledger writes " +
              "has this; import two exports one after the other)"
            : null;
    }
}
