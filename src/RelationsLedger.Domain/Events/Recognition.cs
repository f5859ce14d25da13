namespace RelationsLedger.Domain.Events;

[EventType("RecognitionGranted", 1)]
public sealed record RecognitionGranted(string Actor, string Counterpart, RecognitionForm Form) : IDirectionalEvent;

[EventType("RecognitionWithdrawn", 1)]
public sealed record RecognitionWithdrawn(string Actor, string Counterpart, string? Reason) : IDirectionalEvent;
