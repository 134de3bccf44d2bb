using System.Text.Json;

namespace RobotEdge.Bus.Configuration;

/// <summary>How <see cref="JsonShape"/> matches a file's field names to a type's properties.</summary>
/// <param name="Naming">How property names are written in the file (camelCase for every file here); null: as declared.</param>
/// <param name="IgnoreCase">Whether names match ignoring case (Microsoft.Extensions.Configuration does).</param>
/// <param name="UnknownFieldsAreErrors">
/// True: an unknown field refuses the file (a misspelt field would silently keep its default).
/// False: it is reported as a warning and ignored (files written by other tools, which may carry more).
/// </param>
public sealed record JsonShapeOptions(JsonNamingPolicy? Naming, bool IgnoreCase, bool UnknownFieldsAreErrors);
