using System.Reflection;
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
        // Two passes rather than an array of the values per item: only the few optional members are read twice.
        ulong bits = 0;
        var bit = 0;
        foreach (var m in _members)
        {
            if (!m.Flagged) continue;
            var value = m.Get(record);
            if (m.IsBoolean ? (bool)value! : value is not null) bits |= 1UL << bit;
            bit++;
        }
        if (_flagged > 0) writer.Varint(bits);
        foreach (var m in _members)
            if (!m.IsBoolean && m.Get(record) is { } value) m.Write(ref writer, value);
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

    /// <summary>One member of a record: how it is read from the record, and written and read in the binary form.</summary>
    private abstract class Member(PropertyInfo property, bool nullable)
    {
        public bool IsBoolean => this is Flag;

        /// <summary>It has a bit in the bitmap: its presence, or (a boolean) its value.</summary>
        public bool Flagged => nullable || IsBoolean;

        // The property's getter as a delegate: PropertyInfo.GetValue went through reflection's invoker for every member of
        // every row a rebuild writes (round 47 of issue #16). Made at the first write, so a question, which only reads items,
        // compiles none of them.
        private Func<object, object?>? _get;

        public object? Get(object record)
        {
            var value = (_get ??= Getter(property))(record);
            if (value is null && !nullable)
                throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} is null, which its declaration does not allow");
            return value;
        }

        public abstract void Write(ref ItemWriter writer, object value);

        public abstract object Read(ref ItemReader reader);

        /// <summary>The property's value boxed as <see cref="PropertyInfo.GetValue(object)"/> gives it (a null <see cref="Nullable{T}"/> as null).</summary>
        private static Func<object, object?> Getter(PropertyInfo property) =>
            (Func<object, object?>)typeof(Member).GetMethod(nameof(TypedGetter), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.DeclaringType!, property.PropertyType).Invoke(null, [property])!;

        private static Func<object, object?> TypedGetter<TRecord, TValue>(PropertyInfo property)
        {
            var get = property.GetMethod!.CreateDelegate<Func<TRecord, TValue>>();
            return record => get((TRecord)record);
        }

        public static Member Of(Type record, ParameterInfo parameter, NullabilityInfoContext nullability)
        {
            var property = record.GetProperty(parameter.Name!, BindingFlags.Public | BindingFlags.Instance);
            if (property is null || property.PropertyType != parameter.ParameterType)
                throw new NotSupportedException($"The read model cannot store {record.Name}: its constructor's {parameter.Name} is no property of the same type.");
            var underlying = Nullable.GetUnderlyingType(parameter.ParameterType);
            var type = underlying ?? parameter.ParameterType;
            var nullable = underlying is not null || (!type.IsValueType && nullability.Create(parameter).WriteState != NullabilityState.NotNull);
            if (type == typeof(string)) return new Text(property, nullable);
            if (type == typeof(Guid)) return new Uuid(property, nullable);
            if (type == typeof(PartialDate)) return new Date(property, nullable);
            if (type == typeof(bool) && underlying is null) return new Flag(property);
            if (type.IsEnum) return new Enumeration(property, nullable, type);
            if (type == typeof(int) || type == typeof(long)) return new Integer(property, nullable, type);
            if (type.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) return new Nested(property, nullable, For(type));
            throw new NotSupportedException(
                $"The read model cannot store {record.Name}.{parameter.Name}: the binary codec does not know its type {parameter.ParameterType.Name}. " +
                "Teach RecordCodec the type (and raise the read model's schema version).");
        }
    }

    private sealed class Text(PropertyInfo p, bool nullable) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => writer.String((string)value);
        public override object Read(ref ItemReader reader) => reader.String();
    }

    private sealed class Uuid(PropertyInfo p, bool nullable) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => writer.Uuid((Guid)value);
        public override object Read(ref ItemReader reader) => reader.Uuid();
    }

    private sealed class Date(PropertyInfo p, bool nullable) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => writer.Date((PartialDate)value);
        public override object Read(ref ItemReader reader) => reader.Date();
    }

    private sealed class Flag(PropertyInfo p) : Member(p, nullable: false)
    {
        public override void Write(ref ItemWriter writer, object value) => throw new InvalidOperationException("a boolean is its bit");
        public override object Read(ref ItemReader reader) => throw new InvalidOperationException("a boolean is its bit");
    }

    private sealed class Enumeration(PropertyInfo p, bool nullable, Type type) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => writer.Signed(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));

        public override object Read(ref ItemReader reader)
        {
            var value = Enum.ToObject(type, reader.Signed());
            return Enum.IsDefined(type, value) ? value : throw new ItemReader.Malformed($"{value} is no {type.Name}");
        }
    }

    private sealed class Integer(PropertyInfo p, bool nullable, Type type) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => writer.Signed(type == typeof(int) ? (int)value : (long)value);

        public override object Read(ref ItemReader reader)
        {
            var value = reader.Signed();
            if (type == typeof(long)) return value;
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new ItemReader.Malformed($"{value} is out of an integer's range");
        }
    }

    private sealed class Nested(PropertyInfo p, bool nullable, RecordCodec codec) : Member(p, nullable)
    {
        public override void Write(ref ItemWriter writer, object value) => codec.Write(ref writer, value);
        public override object Read(ref ItemReader reader) => codec.Read(ref reader);
    }
}
