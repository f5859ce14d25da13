namespace RelationsLedger.Application.Storage;

/// <summary>A store whose global log records hidings of streams (<see cref="HidingRecord"/>): KurrentDB.</summary>
public interface IReadsHidingRecords
{
    /// <summary>
    /// What <paramref name="record"/> (a <see cref="HidingRecord"/> a read with <see cref="StreamFilter.Hidings"/> gave) hides,
    /// with the stream it hides and its position; null when it hides nothing (metadata that only undoes a hiding, or sets
    /// access rights).
    /// </summary>
    HiddenStream? HidingOf(RecordedEvent record);
}
