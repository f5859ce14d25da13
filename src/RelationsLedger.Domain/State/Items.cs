using RelationsLedger.Domain.Events;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Domain.State;

/// <summary>How and when an item stopped being in force, and the event that ended it.</summary>
public sealed record Ending(PartialDate On, Guid EventId, string Type, string? Reason);

/// <summary>An item of the state that comes into force at a date and may end later.</summary>
public interface ITenure
{
    PartialDate Since { get; }
    Guid EventId { get; }
    Ending? Ended { get; }
}

public enum RelationsStatus { Established, Severed }

public sealed record DiplomaticRelations(RelationsStatus Status, PartialDate Since, Guid EventId);

public sealed record Recognition(string Actor, string Counterpart, RecognitionForm Form, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Designation(string Actor, string Counterpart, string List, string Authority, string? Reference, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record AmbassadorTenure(string Sending, string Receiving, string Person, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Nomination(string Sending, string Receiving, string Person, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Mission(string Actor, string Counterpart, MissionLevel Level, string? City, string? ProtectingPower, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record SanctionsRegime(string Actor, string Counterpart, string Programme, string Scope, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Agreement(string Kind, string Title, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Pledge(string Actor, string Counterpart, string Domain, string? Adversary, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public enum ProjectStage { Proposed, Launched }

public sealed record Project(string Actor, string Counterpart, string Sector, string Title, ProjectStage Stage, PartialDate Since, Guid EventId, Ending? Ended = null) : ITenure;

public sealed record Engagement(string Kind, string? Place, string Title, PartialDate On, Guid EventId);

public sealed record Statement(string Actor, string Counterpart, string Speaker, Stance Stance, string Summary, PartialDate On, Guid EventId);

public static class TenureExtensions
{
    public static bool InForce(this ITenure item) => item.Ended is null;

    /// <summary>
    /// How sure we are of the item's status as of <paramref name="asOf"/>: an item in force is
    /// certain once its start interval lies wholly before the date; an ended item is certainly
    /// ended once its end interval does. Otherwise the partial date straddles the day.
    /// </summary>
    public static Certainty CertaintyAsOf(this ITenure item, DateOnly asOf) =>
        (item.Ended?.On ?? item.Since).CertainlyOnOrBefore(asOf) ? Certainty.Certain : Certainty.Possible;
}
