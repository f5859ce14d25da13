using CsCheck;
using RelationsLedger.Domain.Provenance;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Application.Tests.Contract;

/// <summary>Generated values of the envelope's fields, for the contract's property tests.</summary>
internal static class EnvelopeGens
{
    /// <summary>Any partial date: a day, a month or a year, of any year the contract allows.</summary>
    public static readonly Gen<PartialDate> Dates = Gen.Frequency(
        (3, Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => PartialDate.Create(y, m, d))),
        (1, Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], (y, m) => PartialDate.OfMonth(y, m))),
        (1, Gen.Int[1, 9999].Select(PartialDate.OfYear)));

    /// <summary>A source with hostile text in every field and a publication date or none.</summary>
    public static readonly Gen<Source> Sources = Gen.Select(Hostile.Text, Hostile.Text, Hostile.Optional, Hostile.Optional,
        Gen.Frequency((1, Gen.Const((PartialDate?)null)), (2, Dates.Select(d => (PartialDate?)d))),
        (p, t, u, r, d) => new Source(p, t, u, r, d));
}
