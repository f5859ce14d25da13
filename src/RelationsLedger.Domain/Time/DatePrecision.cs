using System.Globalization;

namespace RelationsLedger.Domain.Time;

public enum DatePrecision { Year, Month, Day }
