using System.Text;
using RelationsLedger.Sqlite;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// A prepared statement's parameters bound only where a value differs from the one bound for the row before: SQLite keeps a
/// statement's bindings when it is reset, so binding a parameter the value it holds is a call for nothing — each one through
/// SQLitePCL's handle into SQLite, under its mutex. A 1M rebuild writes ~2.3 million rows of ~20 values, and in the order it
/// writes them half of an item's values and a third of a fact's repeat the row before's (its relationship, its kind, its
/// parties, "not superseded"; docs/performance.md, round 67). Blobs (a payload, an event id) are bound as they come, on the
/// statement itself, at parameters this never binds.
/// </summary>
internal sealed class KeptBindings(SqliteStatement statement, int parameters)
{
    private const byte Unknown = 0, Null = 1, Integer = 2, Text = 3;

    // By the parameter's index (from 1): what it holds, and its value. Unknown until bound here, and while a bind is under
    // way: one that throws leaves the parameter's value unknown, so the next row binds it whatever it is.
    private readonly byte[] _held = new byte[parameters + 1];
    private readonly long[] _integers = new long[parameters + 1];
    private readonly string?[] _texts = new string?[parameters + 1];

    public void Bind(int index, long value)
    {
        if (_held[index] == Integer && _integers[index] == value) return;
        _held[index] = Unknown;
        statement.Bind(index, value);
        (_held[index], _integers[index]) = (Integer, value);
    }

    public void Bind(int index, long? value)
    {
        if (value is { } v) Bind(index, v);
        else BindNull(index);
    }

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }
        if (_held[index] == Text && string.Equals(_texts[index], value, StringComparison.Ordinal)) return;
        _held[index] = Unknown;
        if (value.Length is > 0 and <= AsciiOnStack && Ascii.IsValid(value))
        {
            Span<byte> ascii = stackalloc byte[value.Length];
            Ascii.FromUtf16(value, ascii, out _);
            statement.BindUtf8(index, ascii);
        }
        else statement.Bind(index, value);
        (_held[index], _texts[index]) = (Text, value);
    }

    /// <summary>
    /// A text of ASCII up to this long (a party's id: the rows' texts) is bound as the UTF-8 the file stores, from the stack: bound
    /// as UTF-16, SQLite copied it and made the UTF-8 in a buffer of its own at each row. Any other text is bound as UTF-16, as
    /// before, and converted by SQLite (an empty one too, which a span of no bytes would not bind as a text).
    /// </summary>
    private const int AsciiOnStack = 256;

    private void BindNull(int index)
    {
        if (_held[index] == Null) return;
        _held[index] = Unknown;
        statement.Bind(index, (long?)null);
        _held[index] = Null;
    }
}
