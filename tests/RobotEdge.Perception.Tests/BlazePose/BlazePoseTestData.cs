using Microsoft.Extensions.Logging.Abstractions;
using RobotEdge.Bus.Frames;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Vision.Images;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>
/// The committed BlazePose cards (robots/person_follower/cards) and the real footage from Debian's
/// opencv-doc. The cards' ONNX files are converted on first use into the git-ignored
/// robots/person_follower/models/ (a cache beside the cards, not the temporary folder).
/// Missing npm data or footage fails the test with a message saying how to install it.
/// </summary>
internal static class BlazePoseTestData
{
    /// <summary>Where Debian's opencv-doc installs its sample footage.</summary>
    public const string FootageFolder = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>The repository root: the nearest folder above the test assembly holding RobotEdge.sln.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "RobotEdge.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"no RobotEdge.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>A committed card: <c>lite</c>, <c>full</c> or <c>heavy</c>.</summary>
    public static ModelCard Card(string variant = "lite") =>
        ModelCard.Load(Path.Combine(RepositoryRoot, "robots", "person_follower", "cards", $"blazepose_{variant}.card.json"));

    /// <summary>Loads the pipeline for a card (converting the models first if needed) on the CPU, one thread.</summary>
    public static BlazePoseEstimator Load(int maxPeople = 1, string variant = "lite")
    {
        ModelCard card = Card(variant);
        card.BlazePose!.MaxPeople = maxPeople;
        return BlazePoseEstimator.Load(card, [ExecutionProvider.Cpu], NullLogger.Instance);
    }

    /// <summary>A sample image from opencv-doc, or a failure saying to install it.</summary>
    public static string Footage(string name)
    {
        string path = Path.Combine(FootageFolder, name);
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's opencv-doc (scripts/bootstrap.sh does)");
        return path;
    }

    /// <summary>A frame holding the image <paramref name="name"/>, from a pool of one.</summary>
    public static Frame ImageFrame(string name, long captureNs = 1_000_000)
    {
        BgrImage image = BgrImage.Read(Footage(name));
        var pool = new FramePool(image.Width, image.Height, 1);
        Assert.True(pool.TryRent(out Frame? frame));
        image.Pixels.CopyTo(frame.Pixels, 0);
        frame.Stamp = new Bus.Messages.FrameStamp(1, captureNs, captureNs);
        return frame;
    }
}
