using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RobotEdge.Bus.Configuration;

/// <summary>
/// Checks a JSON configuration document against the type it is bound to, before binding, so that
/// each mistake is reported with the field's path and place instead of being silently defaulted or
/// converted: unknown fields (error or warning, <see cref="JsonShapeOptions"/>), fields given twice,
/// a value of the wrong kind (a string where a number belongs — <c>"NaN"</c>, <c>"30"</c> — an object
/// where a list belongs), numbers that are not finite or do not fit the property's type, and missing
/// <see cref="RequiredFieldAttribute"/> fields. Ranges are each type's own <c>Validate</c>'s business.
/// Load-time only (reflection, allocates).
/// </summary>
public static class JsonShape
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByType = new();

    /// <summary>Checks <paramref name="root"/> against <paramref name="type"/>; problems go to <paramref name="problems"/>.</summary>
    public static void Check(JsonElement root, Type type, ConfigProblems problems, JsonShapeOptions options) =>
        CheckValue(root, type, allowNull: false, "", problems, new Walk(options, new NullabilityInfoContext()));

    /// <summary>One check's settings and its own nullability reader (<see cref="NullabilityInfoContext"/> is not thread-safe).</summary>
    private sealed record Walk(JsonShapeOptions Options, NullabilityInfoContext Nullability);

    private static void CheckValue(JsonElement value, Type type, bool allowNull, string path, ConfigProblems problems, Walk walk)
    {
        if (Nullable.GetUnderlyingType(type) is Type inner)
        {
            type = inner;
            allowNull = true;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!allowNull)
            {
                problems.Error(path, $"must be {Expected(type)}, found null");
            }

            return;
        }

        if (type == typeof(string) || type.IsEnum)
        {
            Expect(value, JsonValueKind.String, type, path, problems);
        }
        else if (type == typeof(bool))
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Error(path, $"must be true or false, found {Found(value)}");
            }
        }
        else if (IsNumber(type))
        {
            CheckNumber(value, type, path, problems);
        }
        else if (ElementType(type) is Type element)
        {
            if (Expect(value, JsonValueKind.Array, type, path, problems))
            {
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    CheckValue(item, element, allowNull: false, $"{path}[{i++}]", problems, walk);
                }
            }
        }
        else if (Expect(value, JsonValueKind.Object, type, path, problems))
        {
            CheckObject(value, type, path, problems, walk);
        }
    }

    private static void CheckObject(JsonElement value, Type type, string path, ConfigProblems problems, Walk walk)
    {
        JsonShapeOptions options = walk.Options;
        PropertyInfo[] properties = PropertiesByType.GetOrAdd(type, Bindable);
        StringComparison comparison = options.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var seen = new HashSet<string>(options.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (JsonProperty field in value.EnumerateObject())
        {
            string fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (!seen.Add(field.Name))
            {
                problems.Error(fieldPath, "is given twice");
                continue;
            }

            PropertyInfo? property = properties.FirstOrDefault(p => string.Equals(NameOf(p, options), field.Name, comparison));
            if (property is null)
            {
                string known = string.Join(", ", properties.Select(p => NameOf(p, options)));
                if (options.UnknownFieldsAreErrors)
                {
                    problems.Error(fieldPath, $"is not a known field (known here: {known})");
                }
                else
                {
                    problems.Warn(fieldPath, $"is not a known field and is ignored (known here: {known})");
                }

                continue;
            }

            bool allowNull = !property.PropertyType.IsValueType && walk.Nullability.Create(property).WriteState == NullabilityState.Nullable;
            CheckValue(field.Value, property.PropertyType, allowNull, fieldPath, problems, walk);
        }

        foreach (PropertyInfo property in properties)
        {
            if (property.GetCustomAttribute<RequiredFieldAttribute>() is { } required && !seen.Contains(NameOf(property, options)))
            {
                string name = NameOf(property, options);
                problems.Error(path.Length == 0 ? name : $"{path}.{name}", $"is missing: {required.Reason}");
            }
        }
    }

    private static void CheckNumber(JsonElement value, Type type, string path, ConfigProblems problems)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Error(path, $"must be {Expected(type)}, found {Found(value)}");
            return;
        }

        bool fits = type == typeof(double) ? value.TryGetDouble(out double d) && double.IsFinite(d)
            : type == typeof(float) ? value.TryGetSingle(out float f) && float.IsFinite(f)
            : type == typeof(int) ? value.TryGetInt32(out _)
            : type == typeof(long) ? value.TryGetInt64(out _)
            : type == typeof(uint) ? value.TryGetUInt32(out _)
            : type == typeof(short) ? value.TryGetInt16(out _)
            : type == typeof(ushort) ? value.TryGetUInt16(out _)
            : type == typeof(byte) ? value.TryGetByte(out _)
            : value.TryGetDecimal(out _);
        if (!fits)
        {
            problems.Error(path, $"must be {Expected(type)}, found {value.GetRawText()}");
        }
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, Type type, string path, ConfigProblems problems)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        problems.Error(path, $"must be {Expected(type)}, found {Found(value)}");
        return false;
    }

    private static bool IsNumber(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(int) || type == typeof(long) || type == typeof(uint)
        || type == typeof(short) || type == typeof(ushort) || type == typeof(byte) || type == typeof(decimal);

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && type.GetGenericTypeDefinition() is Type g
            && (g == typeof(List<>) || g == typeof(IList<>) || g == typeof(IReadOnlyList<>) || g == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static string Expected(Type type) =>
        type == typeof(string) ? "a string"
        : type.IsEnum ? $"one of the names {string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)))}"
        : type == typeof(bool) ? "true or false"
        : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a finite number"
        : IsNumber(type) ? $"a whole number from {type.GetField("MinValue")!.GetValue(null)} to {type.GetField("MaxValue")!.GetValue(null)}"
        : ElementType(type) is not null ? "a list [ … ]"
        : "an object { … }";

    private static string Found(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string NameOf(PropertyInfo property, JsonShapeOptions options) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? options.Naming?.ConvertName(property.Name) ?? property.Name;

    private static PropertyInfo[] Bindable(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                && p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })];
}
