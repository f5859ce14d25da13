using System.Buffers;
using System.Text;
using RelationsLedger.Domain.Aspects;
using RelationsLedger.Domain.State;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The read model's binary form of an item (schema 7, issue #16 goal 5): no member names, no JSON. The form of each kind is
/// derived from the item's own record declaration (<see cref="RecordCodec"/>: its positional constructor's parameters, in
/// order), so there is no second list of members to drift from the domain; a member of a type the codec does not know makes
/// the codec of its kind — and so the read model's first use — fail, naming it (ItemCodecTests builds every kind's).
/// The read model is a cache: a form that changes is a new schema version, and the file is made again at its first use.
/// </summary>
internal static class ItemCodec
{
    private static readonly RecordCodec?[] ByKind = CodecsByKind();

    private static RecordCodec?[] CodecsByKind()
    {
        var codecs = new RecordCodec?[RelationshipModel.SlotCount];
        foreach (var kind in RelationshipModel.Kinds) codecs[kind.Code] = RecordCodec.For(kind.ItemType);
        return codecs;
    }

    /// <summary>The item's bytes, appended to <paramref name="output"/>.</summary>
    public static void Write(ItemKind kind, object item, ArrayBufferWriter<byte> output)
    {
        var writer = new ItemWriter(output);
        CodecOf(kind).Write(ref writer, item);
    }

    /// <summary>The item stored as <paramref name="bytes"/>: refused, naming the rebuild, when they are not an item of the kind.</summary>
    public static object Read(ItemKind kind, ReadOnlySpan<byte> bytes)
    {
        var reader = new ItemReader(bytes);
        object item;
        try
        {
            item = CodecOf(kind).Read(ref reader);
        }
        catch (Exception e) when (e is ItemReader.Malformed or ArgumentException or FormatException or DecoderFallbackException)
        {
            throw Unreadable(kind, bytes.Length, e.Message);
        }
        if (!reader.AtEnd) throw Unreadable(kind, bytes.Length, $"{reader.Remaining} bytes are left after the item");
        return item;
    }

    private static RecordCodec CodecOf(ItemKind kind) => ByKind[kind.Code] ?? throw new ArgumentOutOfRangeException(nameof(kind), kind.Name, "not a kind of the model");

    private static InvalidDataException Unreadable(ItemKind kind, int length, string why) => new(
        $"A stored {kind.Name} item in the read model ({length} bytes) is not one the ledger wrote: {why}. The file was changed " +
        "outside the ledger; make it again with 'ledger projections rebuild'.");
}
