using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace RelationsLedger.Application;

/// <summary>
/// The application's public concrete classes that the container and the command list look for, found by reading the
/// assembly's own metadata tables and loading only the classes found. <c>GetExportedTypes</c> loaded every public type
/// (~250: the commands and questions, their answers, views, options…) and the interface scan then loaded each one's
/// interfaces, on every cold command, of which a question uses a few (docs/performance.md, round 35). Here a class is
/// recognised by what its metadata names: its base classes within this assembly, the first base class outside it, and the
/// interfaces each of them declares — no type is loaded to learn that.
/// <para>
/// Public only, as before: <c>TypeScanTests</c> keeps every command, handler and validator public, and compares what is
/// found here with a scan of every type by reflection.
/// </para>
/// </summary>
internal static class PublicClassScan
{
    private static readonly Assembly Application = typeof(PublicClassScan).Assembly;

    /// <summary>
    /// The public concrete non-generic classes that may be request handlers or validators: those whose own or inherited
    /// (within this assembly) interfaces include MediatR's <c>IRequestHandler`2</c> or FluentValidation's <c>IValidator`1</c>,
    /// or whose first base class outside this assembly is FluentValidation's (<c>AbstractValidator`1</c>). The caller reads
    /// each one's interfaces by reflection, so a class found here that is neither registers nothing.
    /// </summary>
    public static IReadOnlyList<Type> HandlersAndValidators() =>
        Find(static (reader, type) => type.GetGenericParameters().Count == 0 && MayHandleOrValidate(reader, type));

    /// <summary>The public concrete subclasses of <paramref name="baseClass"/>, a class of this assembly.</summary>
    public static IReadOnlyList<Type> SubclassesOf(Type baseClass)
    {
        if (baseClass.Assembly != Application) throw new ArgumentException($"{baseClass.Name} is not a class of {Application.GetName().Name}.", nameof(baseClass));
        var token = baseClass.MetadataToken;
        return Find((reader, type) => DerivesFrom(reader, type, token));
    }

    private static unsafe MetadataReader Reader()
    {
        // The metadata the runtime has loaded: no file is read.
        if (!Application.TryGetRawMetadata(out var blob, out var length))
            throw new InvalidOperationException($"The metadata of {Application.GetName().Name} cannot be read.");
        return new MetadataReader(blob, length);
    }

    private static List<Type> Find(Func<MetadataReader, TypeDefinition, bool> matches)
    {
        var reader = Reader();
        var module = Application.ManifestModule;
        var found = new List<Type>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (IsPublic(reader, type) && IsConcreteClass(reader, type) && matches(reader, type))
                found.Add(module.ResolveType(MetadataTokens.GetToken(handle)));
        }
        return found;
    }

    private static bool IsPublic(MetadataReader reader, TypeDefinition type) => (type.Attributes & TypeAttributes.VisibilityMask) switch
    {
        TypeAttributes.Public => true,
        TypeAttributes.NestedPublic => IsPublic(reader, reader.GetTypeDefinition(type.GetDeclaringType())),
        _ => false,
    };

    private static bool IsConcreteClass(MetadataReader reader, TypeDefinition type)
    {
        if ((type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Interface)) != 0) return false;
        // A value type or an enum has a class's flags too; its base class says what it is.
        return !(type.BaseType.Kind == HandleKind.TypeReference && !type.BaseType.IsNil && IsSystemValueTypeOrEnum(reader, (TypeReferenceHandle)type.BaseType));
    }

    private static bool IsSystemValueTypeOrEnum(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        return reader.StringComparer.Equals(reference.Namespace, "System")
            && (reader.StringComparer.Equals(reference.Name, "ValueType") || reader.StringComparer.Equals(reference.Name, "Enum"));
    }

    private static bool MayHandleOrValidate(MetadataReader reader, TypeDefinition type)
    {
        while (true)
        {
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var contract = DefinitionOf(reader, reader.GetInterfaceImplementation(implementation).Interface);
                if (IsNamed(reader, contract, "MediatR", "IRequestHandler`2") || IsNamed(reader, contract, "FluentValidation", "IValidator`1")) return true;
            }
            var baseClass = DefinitionOf(reader, type.BaseType);
            switch (baseClass.Kind)
            {
                case HandleKind.TypeDefinition when !baseClass.IsNil:
                    type = reader.GetTypeDefinition((TypeDefinitionHandle)baseClass);
                    break;
                case HandleKind.TypeReference:
                    return reader.StringComparer.Equals(reader.GetTypeReference((TypeReferenceHandle)baseClass).Namespace, "FluentValidation");
                default:
                    return false;
            }
        }
    }

    private static bool DerivesFrom(MetadataReader reader, TypeDefinition type, int baseToken)
    {
        for (var baseClass = DefinitionOf(reader, type.BaseType); baseClass.Kind == HandleKind.TypeDefinition && !baseClass.IsNil;
             baseClass = DefinitionOf(reader, reader.GetTypeDefinition((TypeDefinitionHandle)baseClass).BaseType))
        {
            if (MetadataTokens.GetToken(baseClass) == baseToken) return true;
        }
        return false;
    }

    /// <summary>
    /// The class or interface a base type or an interface names: itself, or for a generic instantiation its definition; a nil
    /// handle for anything else (no base class: <c>System.Object</c> itself, an interface).
    /// </summary>
    private static EntityHandle DefinitionOf(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            case HandleKind.TypeReference:
                return handle;
            case HandleKind.TypeSpecification when !handle.IsNil:
                var signature = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
                if (signature.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return default;
                signature.ReadSignatureTypeCode(); // class or value type
                return signature.ReadTypeHandle();
            default:
                return default;
        }
    }

    private static bool IsNamed(MetadataReader reader, EntityHandle handle, string @namespace, string name)
    {
        if (handle.Kind != HandleKind.TypeReference || handle.IsNil) return false;
        var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
        return reader.StringComparer.Equals(reference.Namespace, @namespace) && reader.StringComparer.Equals(reference.Name, name);
    }
}
