using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>Our BlazePose pipeline as the committed person_follower cards configure it.</summary>
public static class BlazePoseCards
{
    /// <summary>
    /// The committed card for a landmark model (lite, full, heavy):
    /// robots/person_follower/cards/blazepose_{model}.card.json in the nearest repository above the
    /// current folder, else above this tool's folder.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such card above either folder.</exception>
    public static string Find(string model)
    {
        string relative = Path.Combine("robots", "person_follower", "cards", $"blazepose_{model}.card.json");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"{relative} not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}: run from the repository, or pass --card");
    }

    /// <summary>
    /// Loads the pipeline of the card at <paramref name="cardPath"/> on the CPU provider (converting
    /// its models on first use), following up to <paramref name="maxPeople"/> people.
    /// </summary>
    public static BlazePoseEstimator Load(string cardPath, int maxPeople)
    {
        ModelCard card = ModelCard.Load(cardPath);
        if (card.BlazePose is null)
        {
            throw new InvalidDataException($"model card {cardPath} is not a blazepose card");
        }

        card.BlazePose.MaxPeople = maxPeople;
        return BlazePoseEstimator.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance);
    }
}
