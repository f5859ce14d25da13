using System.Globalization;

namespace RelationsLedger.Application.Storage;

public enum ReadDirection { Forwards, Backwards }
