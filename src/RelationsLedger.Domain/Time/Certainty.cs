namespace RelationsLedger.Domain.Time;

/// <summary>
/// Whether a fact holds as of a date for certain, or only possibly because a partial
/// effective date (a month or a year) straddles that date.
/// </summary>
public enum Certainty { Certain, Possible }
