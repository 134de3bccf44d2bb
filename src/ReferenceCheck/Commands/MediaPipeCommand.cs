using System.CommandLine;
using System.Globalization;
using RobotEdge.ReferenceCheck.Inputs;
using RobotEdge.ReferenceCheck.MediaPipe;

namespace RobotEdge.ReferenceCheck.Commands;

/// <summary>
/// <c>robotedge-reference mediapipe</c>: runs MediaPipe's own pose solution on images and prints
/// what it finds.
/// </summary>
public static class MediaPipeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var images = new Option<string[]>("--images")
        {
            Description = "image files (default: opencv-doc's messi5.jpg, basketball1.png, basketball2.png)",
            AllowMultipleArgumentsPerToken = true,
        };
        var model = new Option<string>("--model") { Description = "landmark model: lite, full or heavy", DefaultValueFactory = _ => "lite" };
        model.AcceptOnlyFromAmong("lite", "full", "heavy");
        var command = new Command("mediapipe", "Run MediaPipe's pose solution (pose.js in Chromium) on images") { images, model };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(images), parse.GetValue(model)!));
        return command;
    }

    private static async Task<int> RunAsync(string[]? images, string model)
    {
        string[] files = images is { Length: > 0 } ? images : ReferenceInputFactory.StillPhotos.Select(ReferenceInputFactory.SampleFile).ToArray();
        foreach (string file in files)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"image {file} does not exist", file);
            }
        }

        await using MediaPipePoseReference reference = await MediaPipePoseReference.StartAsync(ModelComplexity(model));
        foreach (string file in files)
        {
            MediaPipePose? pose = await reference.EstimateAsync(file);
            if (pose is null)
            {
                Console.WriteLine($"{Path.GetFileName(file)}: MediaPipe finds nobody");
                continue;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)} ({pose.ImageWidth}x{pose.ImageHeight}): nose ({pose.PixelX(0):F1}, {pose.PixelY(0):F1}) px, " +
                $"hips ({(pose.PixelX(23) + pose.PixelX(24)) / 2:F1}, {(pose.PixelY(23) + pose.PixelY(24)) / 2:F1}) px"));
        }

        return ToolErrors.Agrees;
    }

    /// <summary>MediaPipe's modelComplexity for a landmark model's name.</summary>
    public static int ModelComplexity(string model) => model switch
    {
        "lite" => 0,
        "full" => 1,
        "heavy" => 2,
        _ => throw new ArgumentException($"unknown landmark model '{model}' (lite, full or heavy)"),
    };
}
