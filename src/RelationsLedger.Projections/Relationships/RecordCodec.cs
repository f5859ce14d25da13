using System.Reflection;
using System.Runtime.CompilerServices;
using RelationsLedger.Domain.Time;

namespace RelationsLedger.Projections.Relationships;

/// <summary>
/// The binary form of one record type, derived from its declaration: the members of its positional constructor in their
/// order, without names; first a presence bitmap (one bit per member that may be null, and one per boolean, which is its
/// value), then each present member — text, UUIDs, partial dates, enums and integers by <see cref="ItemWriter"/>, a nested
/// record the same way. A member of another type is refused when the codec is made, naming the record, member and type.
/// </summary>
internal sealed class RecordCodec
{
    private readonly Type _type;
    private readonly ConstructorInvoker _construct;
    private readonly Member[] _members;
    private readonly int _flagged; // members with a bit in the bitmap (nullable or boolean)

    // Each member's typed getter and writer, made at the first write (a question, which only reads items, makes none). One
    // object, set by one reference write: a codec is shared by every thread writing items, and a struct of two arrays (a
    // nullable tuple) could be seen half written by another thread.
    private Writers? _writers;

    /// <summary>The members with a bit in the bitmap, and those whose bytes are written (every member but the booleans), in order.</summary>
    private sealed record Writers(MemberWriter[] Flagged, MemberWriter[] Written);

    private RecordCodec(Type type, ConstructorInvoker construct, Member[] members)
    {
        (_type, _construct, _members) = (type, construct, members);
        _flagged = members.Count(m => m.Flagged);
        if (_flagged > 63) throw new NotSupportedException($"{type.Name} has {_flagged} optional or boolean members; the read model's bitmap holds 63");
    }

    public static RecordCodec For(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new NotSupportedException($"The read model cannot store {type.Name}: it has no public constructor.");
        var nullability = new NullabilityInfoContext();
        var members = constructor.GetParameters().Select(p => Member.Of(type, p, nullability)).ToArray();
        return new RecordCodec(type, ConstructorInvoker.Create(constructor), members);
    }

    public void Write(ref ItemWriter writer, object record)
    {
        if (record.GetType() != _type) throw new ArgumentException($"a {record.GetType().Name} is not a {_type.Name}", nameof(record));
        var (flagged, written) = _writers ??= new(
            _members.Where(m => m.Flagged).Select(m => m.Writer()).ToArray(),
            _members.Where(m => !m.IsBoolean).Select(m => m.Writer()).ToArray());
        // Two passes rather than the values held per item: only the few optional members are read twice, each by its typed getter.
        ulong bits = 0;
        for (var i = 0; i < flagged.Length; i++)
            if (flagged[i].Present(record)) bits |= 1UL << i;
        if (_flagged > 0) writer.Varint(bits);
        foreach (var m in written) m.Write(ref writer, record);
    }

    public object Read(ref ItemReader reader)
    {
        var bits = _flagged > 0 ? reader.Varint() : 0;
        if (bits >> _flagged != 0) throw new ItemReader.Malformed($"its bitmap names {_flagged} optional members of a {_type.Name} but has more bits");
        var values = new object?[_members.Length];
        var bit = 0;
        for (var i = 0; i < _members.Length; i++)
        {
            var m = _members[i];
            var present = !m.Flagged || (bits & (1UL << bit++)) != 0;
            values[i] = m.IsBoolean ? present : present ? m.Read(ref reader) : null;
        }
        return _construct.Invoke(values.AsSpan())!;
    }

    /// <summary>
    /// One member of a record: how it is read in the binary form, and the format its value is written in (a struct of
    /// <see cref="IFormat{T}"/>, so that the writer made for it reads and writes the value unboxed). Reading needs only the
    /// constructor's parameter: the member's property and its format's type — reflection and generic types made at run time —
    /// are looked up at the first write, which a question (it only reads items) never makes (docs/performance.md, round 70).
    /// </summary>
    private abstract class Member(Type record, ParameterInfo parameter, bool nullable)
    {
        public bool IsBoolean => this is Flag;

        /// <summary>It has a bit in the bitmap: its presence, or (a boolean) its value.</summary>
        public bool Flagged => nullable || IsBoolean;

        public abstract object Read(ref ItemReader reader);

        /// <summary>The format its value is written in (of the value's type, or of the type under its <see cref="Nullable{T}"/>).</summary>
        protected abstract Type Format();

        /// <summary>The format as written with, where it holds something (a nested record's codec); null for its default.</summary>
        protected virtual object? FormatOf(Type format) => null;

        /// <summary>
        /// The member's getter as a typed delegate and its format, in one object: every row a rebuild writes reads each member,
        /// which went through a getter boxing its value (and PropertyInfo.GetValue before round 47 of issue #16) — 14 % of the
        /// projection's samples in round 62. Refused, naming the member, where the constructor's parameter is no property of
        /// its type: the record could be read, but not written.
        /// </summary>
        public MemberWriter Writer()
        {
            var property = record.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || property.PropertyType != parameter.ParameterType)
                throw new NotSupportedException($"The read model cannot store {record.Name}: its constructor's {parameter.Name} is no property of the same type.");
            var underlying = Nullable.GetUnderlyingType(property.PropertyType);
            var format = Format();
            var formatType = underlying is null ? format : typeof(Optional<,>).MakeGenericType(underlying, format);
            var state = FormatOf(formatType) ?? Activator.CreateInstance(formatType)!;
            return (MemberWriter)Activator.CreateInstance(
                typeof(MemberWriter<,,>).MakeGenericType(property.DeclaringType!, property.PropertyType, formatType), property, nullable, state)!;
        }

        public static Member Of(Type record, ParameterInfo parameter, NullabilityInfoContext nullability)
        {
            var underlying = Nullable.GetUnderlyingType(parameter.ParameterType);
            var type = underlying ?? parameter.ParameterType;
            var nullable = underlying is not null || (!type.IsValueType && nullability.Create(parameter).WriteState != NullabilityState.NotNull);
            if (type == typeof(string)) return new Text(record, parameter, nullable);
            if (type == typeof(Guid)) return new Uuid(record, parameter, nullable);
            if (type == typeof(PartialDate)) return new Date(record, parameter, nullable);
            if (type == typeof(bool) && underlying is null) return new Flag(record, parameter);
            if (type.IsEnum && Enum.GetUnderlyingType(type) == typeof(int)) return new Enumeration(record, parameter, nullable, type);
            if (type == typeof(int) || type == typeof(long)) return new Integer(record, parameter, nullable, type);
            if (type.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return new Nested(record, parameter, nullable, For(type), type);
            throw new NotSupportedException(
                $"The read model cannot store {record.Name}.{parameter.Name}: the binary codec does not know its type {parameter.ParameterType.Name}. " +
                "Teach RecordCodec the type (and raise the read model's schema version).");
        }
    }

    private sealed class Text(Type record, ParameterInfo p, bool nullable) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader) => reader.String();
        protected override Type Format() => typeof(TextFormat);
    }

    private sealed class Uuid(Type record, ParameterInfo p, bool nullable) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader) => reader.Uuid();
        protected override Type Format() => typeof(UuidFormat);
    }

    private sealed class Date(Type record, ParameterInfo p, bool nullable) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader) => reader.Date();
        protected override Type Format() => typeof(DateFormat);
    }

    private sealed class Flag(Type record, ParameterInfo p) : Member(record, p, nullable: false)
    {
        public override object Read(ref ItemReader reader) => throw new InvalidOperationException("a boolean is its bit");
        protected override Type Format() => typeof(FlagFormat);
    }

    /// <summary>An enum whose underlying type is <see cref="int"/> (every one the items hold), written as its number.</summary>
    private sealed class Enumeration(Type record, ParameterInfo p, bool nullable, Type type) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader)
        {
            var value = Enum.ToObject(type, reader.Signed());
            return Enum.IsDefined(type, value) ? value : throw new ItemReader.Malformed($"{value} is no {type.Name}");
        }

        protected override Type Format() => typeof(EnumFormat<>).MakeGenericType(type);
    }

    private sealed class Integer(Type record, ParameterInfo p, bool nullable, Type type) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader)
        {
            var value = reader.Signed();
            if (type == typeof(long)) return value;
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new ItemReader.Malformed($"{value} is out of an integer's range");
        }

        protected override Type Format() => type == typeof(int) ? typeof(Int32Format) : typeof(Int64Format);
    }

    private sealed class Nested(Type record, ParameterInfo p, bool nullable, RecordCodec codec, Type type) : Member(record, p, nullable)
    {
        public override object Read(ref ItemReader reader) => codec.Read(ref reader);
        protected override Type Format() => typeof(NestedFormat<>).MakeGenericType(type);
        protected override object? FormatOf(Type format) => Activator.CreateInstance(format, codec);
    }

    /// <summary>A member's typed getter and format, behind one virtual call a member (the record's type is known only at run time).</summary>
    private abstract class MemberWriter
    {
        /// <summary>Its bit in the bitmap: not null, or (a boolean) true.</summary>
        public abstract bool Present(object record);

        /// <summary>Its bytes, if it is present; a null where the declaration allows none is refused.</summary>
        public abstract void Write(ref ItemWriter writer, object record);
    }

    private sealed class MemberWriter<TRecord, TValue, TFormat>(PropertyInfo property, bool nullable, TFormat format) : MemberWriter
        where TFormat : struct, IFormat<TValue>
    {
        private readonly Func<TRecord, TValue> _get = property.GetMethod!.CreateDelegate<Func<TRecord, TValue>>();

        public override bool Present(object record) => format.Present(_get((TRecord)record));

        public override void Write(ref ItemWriter writer, object record)
        {
            var value = _get((TRecord)record);
            if (format.Present(value)) format.Write(ref writer, value);
            else if (!nullable) throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} is null, which its declaration does not allow");
        }
    }

    /// <summary>How a value of <typeparamref name="T"/> is written; a struct, so each member's writer is compiled for its type.</summary>
    private interface IFormat<T>
    {
        bool Present(T value);

        void Write(ref ItemWriter writer, T value);
    }

    private readonly struct TextFormat : IFormat<string?>
    {
        public bool Present(string? value) => value is not null;
        public void Write(ref ItemWriter writer, string? value) => writer.String(value!);
    }

    private readonly struct UuidFormat : IFormat<Guid>
    {
        public bool Present(Guid value) => true;
        public void Write(ref ItemWriter writer, Guid value) => writer.Uuid(value);
    }

    private readonly struct DateFormat : IFormat<PartialDate>
    {
        public bool Present(PartialDate value) => true;
        public void Write(ref ItemWriter writer, PartialDate value) => writer.Date(value);
    }

    private readonly struct Int32Format : IFormat<int>
    {
        public bool Present(int value) => true;
        public void Write(ref ItemWriter writer, int value) => writer.Signed(value);
    }

    private readonly struct Int64Format : IFormat<long>
    {
        public bool Present(long value) => true;
        public void Write(ref ItemWriter writer, long value) => writer.Signed(value);
    }

    private readonly struct EnumFormat<TEnum> : IFormat<TEnum> where TEnum : struct, Enum
    {
        public bool Present(TEnum value) => true;
        public void Write(ref ItemWriter writer, TEnum value) => writer.Signed(Unsafe.As<TEnum, int>(ref value)); // an int enum (Member.Of)
    }

    /// <summary>A boolean is its bit: it has no bytes.</summary>
    private readonly struct FlagFormat : IFormat<bool>
    {
        public bool Present(bool value) => value;
        public void Write(ref ItemWriter writer, bool value) => throw new InvalidOperationException("a boolean is its bit");
    }

    private readonly struct Optional<T, TFormat> : IFormat<T?> where T : struct where TFormat : struct, IFormat<T>
    {
        public bool Present(T? value) => value.HasValue;
        public void Write(ref ItemWriter writer, T? value) => default(TFormat).Write(ref writer, value.GetValueOrDefault());
    }

    private readonly struct NestedFormat<T>(RecordCodec codec) : IFormat<T?> where T : class
    {
        public bool Present(T? value) => value is not null;
        public void Write(ref ItemWriter writer, T? value) => codec.Write(ref writer, value!);
    }
}
