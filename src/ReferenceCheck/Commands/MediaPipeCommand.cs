using System.CommandLine;
using System.Globalization;
using OpenCvSharp;
using RobotEdge.Perception.BlazePose;
using RobotEdge.ReferenceCheck.Comparison;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.MediaPipe;

namespace RobotEdge.ReferenceCheck.Commands;

/// <summary>
/// <c>robotedge-reference mediapipe</c>: runs MediaPipe's own pose solution (pose.js in Chromium)
/// and our BlazePose pipeline on real images and prints, per image, whether each found a person and
/// how far our 33 landmarks lie from MediaPipe's.
/// </summary>
public static class MediaPipeCommand
{
    /// <summary>How many people our pipeline may follow in one image: MediaPipe's one is matched to the nearest.</summary>
    private const int MaxPeople = 4;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var images = new Option<string[]>("--images")
        {
            Description = "image files (default: opencv-doc's messi5.jpg, basketball1.png, basketball2.png)",
            AllowMultipleArgumentsPerToken = true,
        };
        var videoFrames = new Option<int>("--video-frames")
        {
            Description = "also this many frames spread over opencv-doc's vtest.avi",
            DefaultValueFactory = _ => 10,
        };
        videoFrames.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--video-frames must not be negative");
            }
        });
        var model = new Option<string>("--model") { Description = "landmark model, the same for both: lite, full or heavy", DefaultValueFactory = _ => "lite" };
        model.AcceptOnlyFromAmong("lite", "full", "heavy");
        var card = new Option<string?>("--card") { Description = "our pipeline's model card (default: robots/person_follower/cards/blazepose_<model>.card.json)" };
        var command = new Command("mediapipe", "Compare our BlazePose pipeline's landmarks with MediaPipe's pose solution (pose.js in Chromium) on real images")
        {
            images, videoFrames, model, card,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(images), parse.GetValue(videoFrames), parse.GetValue(model)!, parse.GetValue(card)));
        return command;
    }

    /// <summary>MediaPipe's modelComplexity for a landmark model's name.</summary>
    public static int ModelComplexity(string model) => model switch
    {
        "lite" => 0,
        "full" => 1,
        "heavy" => 2,
        _ => throw new ArgumentException($"unknown landmark model '{model}' (lite, full or heavy)"),
    };

    private static async Task<int> RunAsync(string[]? images, int videoFrames, string model, string? cardPath)
    {
        string card = cardPath ?? BlazePoseCards.Find(model);
        using BlazePoseEstimator ours = BlazePoseCards.Load(card, MaxPeople);
        await using MediaPipePoseReference mediaPipe = await MediaPipePoseReference.StartAsync(ModelComplexity(model));
        var comparison = new PipelineComparison(mediaPipe, ours);
        Console.WriteLine($"our BlazePose pipeline ({Path.GetFileName(card)}) vs MediaPipe's pose solution (pose.js, modelComplexity {ModelComplexity(model)}, Chromium/SwiftShader)");
        Console.WriteLine("errors: distance between the same landmark, pixels; mean over all 33 (and over those MediaPipe calls visible); world: mean 3D distance, metres");
        Console.WriteLine($"{"image",-22} {"size",-9} {"mp",3} {"ours",4} {"mean px",8} {"visible",8} {"max px",8} {"mean/diag",9} {"world m",8}  target {PipelineComparison.MeanErrorOfDiagonalTarget:P0}");

        var results = new List<LandmarkFrameResult>();
        foreach ((string label, Mat image) in ComparisonImages.Load(images, videoFrames))
        {
            using (image)
            {
                LandmarkFrameResult result = await comparison.CompareAsync(label, image);
                results.Add(result);
                string figures = result.BothFound
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{result.MeanErrorPx,8:F2} {result.MeanVisibleErrorPx,8:F2} {result.MaxErrorPx,8:F2} {result.MeanErrorOfDiagonal,9:P2} {result.MeanWorldErrorM,8:F4}  ") +
                      (result.MeanErrorOfDiagonal <= PipelineComparison.MeanErrorOfDiagonalTarget ? "ok" : "EXCEEDS")
                    : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-22} {$"{result.WidthPx}x{result.HeightPx}",-9} {(result.MediaPipeFound ? "yes" : "no"),3} {result.OurPeople,4} {figures}"));
            }
        }

        LandmarkFrameResult[] both = results.Where(r => r.BothFound).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Count} images: both found a person in {both.Length}, MediaPipe only {results.Count(r => r.MediaPipeFound && r.OurPeople == 0)}, " +
            $"ours only {results.Count(r => !r.MediaPipeFound && r.OurPeople > 0)}, neither {results.Count(r => !r.MediaPipeFound && r.OurPeople == 0)}"));
        if (both.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"where both found one: mean error {both.Average(r => r.MeanErrorOfDiagonal):P2} of the diagonal (worst image {both.Max(r => r.MeanErrorOfDiagonal):P2}), " +
                $"{both.Average(r => r.MeanErrorPx):F2} px; world landmarks {both.Average(r => r.MeanWorldErrorM):F4} m"));
        }

        bool agrees = both.All(r => r.MeanErrorOfDiagonal <= PipelineComparison.MeanErrorOfDiagonalTarget)
            && results.All(r => r.MediaPipeFound == r.OurPeople > 0);
        return agrees ? ToolErrors.Agrees : ToolErrors.Disagrees;
    }
}
