using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>Source-generated JSON for the console's messages (no reflection at run time).</summary>
[JsonSerializable(typeof(ClientMessage))]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(ReplyMessage))]
[JsonSerializable(typeof(StateMessage))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed partial class ConsoleJson : JsonSerializerContext;
