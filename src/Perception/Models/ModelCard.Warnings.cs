using Microsoft.Extensions.Logging;

namespace RobotEdge.Perception.Models;

/// <summary>Saying what loading the card found without refusing it.</summary>
public sealed partial class ModelCard
{
    /// <summary>
    /// Logs each of <see cref="Warnings"/> (an unknown field, ignored) as a warning, once, where the
    /// card is loaded for a run; returns this card. Load-time only.
    /// </summary>
    public ModelCard LogWarnings(ILogger logger)
    {
        foreach (string warning in Warnings)
        {
            LogWarning(logger, warning);
        }

        return this;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);
}
