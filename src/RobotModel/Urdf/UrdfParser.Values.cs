using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.RobotModel.Urdf;

/// <summary>Attribute values (names, numbers, vectors) and the located errors reporting bad ones.</summary>
public static partial class UrdfParser
{
    private sealed partial class Reader
    {
        private string RequiredName(XElement element, string what)
        {
            string? name = element.Attribute("name")?.Value;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Error(element, $"<{what}> has no name attribute");
            }

            return name;
        }

        /// <summary>Reads a three-number attribute such as <c>xyz="0 0 0.1"</c>; absent means <paramref name="fallback"/>.</summary>
        private Vec3d ReadVector(XElement element, string attributeName, string jointName, Vec3d fallback)
        {
            XAttribute? attribute = element.Attribute(attributeName);
            if (attribute is null)
            {
                return fallback;
            }

            string[] parts = attribute.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw Error(
                    attribute,
                    $"joint '{jointName}': <{element.Name}> {attributeName} has {parts.Length} values, expected 3 (\"{attribute.Value}\")");
            }

            return new Vec3d(
                ParseNumber(attribute, parts[0], element, jointName),
                ParseNumber(attribute, parts[1], element, jointName),
                ParseNumber(attribute, parts[2], element, jointName));
        }

        private double ReadRequiredScalar(XElement element, string attributeName, string jointName)
        {
            XAttribute attribute = element.Attribute(attributeName)
                ?? throw Error(element, $"joint '{jointName}': <{element.Name}> has no {attributeName} attribute");
            return ParseNumber(attribute, attribute.Value.Trim(), element, jointName);
        }

        private double ReadOptionalScalar(XElement element, string attributeName, string jointName, double fallback)
        {
            XAttribute? attribute = element.Attribute(attributeName);
            return attribute is null ? fallback : ParseNumber(attribute, attribute.Value.Trim(), element, jointName);
        }

        private double ParseNumber(XAttribute attribute, string text, XElement element, string jointName)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw Error(
                    attribute,
                    $"joint '{jointName}': <{element.Name}> {attribute.Name} value '{text}' is not a finite number");
            }

            return value;
        }

        private UrdfFormatException Error(XObject at, string detail) => Error(LineOf(at), detail);

        private UrdfFormatException Error(int line, string detail) => new(sourceName, line, detail);

        private static int LineOf(XObject at) => at is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
    }
}
