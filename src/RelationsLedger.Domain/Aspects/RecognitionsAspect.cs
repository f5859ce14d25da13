using RelationsLedger.Domain.Decisions;
using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.State;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.Aspects;

// One party's recognition of the other as a state or government.

/// <summary>How one party recognises a state or government.</summary>
public enum RecognitionForm { DeJure, DeFacto }

[EventType("RecognitionGranted", 1)]
public sealed record RecognitionGranted(string Actor, string Counterpart, RecognitionForm Form) : IDirectionalEvent;

[EventType("RecognitionWithdrawn", 1)]
public sealed record RecognitionWithdrawn(string Actor, string Counterpart, string? Reason) : IDirectionalEvent;

public sealed record Recognition(string Actor, string Counterpart, RecognitionForm Form, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public static class RecognitionsAspect
{
    public static readonly TenureKind<Recognition> Kind = new("recognitions", 1, "Recognition")
    {
        Identity = r => Keys.Of(r.Actor),
        Label = r => $"{r.Actor} · {r.Counterpart}",
        Describes = r => $"{r.Actor} recognises {r.Counterpart} ({Names.Of(r.Form)})",
        Index = r => new(r.Actor, r.Counterpart),
        Panel = new("recognition_by_{a}", $"how {{a}} recognises {{b}}, one of {string.Join(", ", Names.All<RecognitionForm>())}", r => Names.Of(r.Form)),
    };

    extension(RelationshipState s)
    {
        public System.Collections.Immutable.ImmutableList<Recognition> Recognitions => s.Get(Kind);
    }

    extension(IStateView v)
    {
        public IReadOnlyList<ItemView<Recognition>> Recognitions => v.Sections.Tenures(Kind);
    }

    public static readonly Aspect Declared = new("recognitions", [Kind],
    [
        Transition.Of<RecognitionGranted>(
            (s, _, e) => s.Recognitions.Find(r => r.Actor == e.Actor && r.InForce() && r.Form == e.Form) is { } r
                ? new($"{e.Actor} already recognises {e.Counterpart} ({Names.Of(e.Form)}, since {r.Since})", r.EventId) : null,
            (s, f, e) => s.With(Kind, s.Recognitions.Upsert(r => r.Actor == e.Actor, new(e.Actor, e.Counterpart, e.Form, f.EffectiveDate, f.EventId)))),
        Transition.Of<RecognitionWithdrawn>(
            (s, f, e) => Rules.MayEnd(s.Recognitions.Find(r => r.Actor == e.Actor), $"{e.Actor} does not recognise {e.Counterpart} on {f.EffectiveDate}"),
            (s, f, e) => s.With(Kind, s.Recognitions.ChangeWhere(r => r.Actor == e.Actor && r.InForce(), r => r with { Ended = Fold.End(f, e.Reason) }))),
    ]);
}
