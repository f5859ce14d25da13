namespace RelationsLedger.Application.Queries;

/// <summary>
/// A question that may be asked as known at a moment (<see cref="KnownAt"/>; none: as known now). Its validator refuses a
/// moment still to come with <see cref="QueryRules.KnownAtNotToCome{T}"/>, the one rule of it for every such question.
/// </summary>
public interface IKnownAtQuestion
{
    DateTimeOffset? KnownAt { get; }
}
