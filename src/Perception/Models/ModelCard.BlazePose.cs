using System.Text.Json.Serialization;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.Perception.Models;

/// <summary>The BlazePose pipeline's part of a card: its second model and settings.</summary>
public sealed partial class ModelCard
{
    /// <summary>Required when <c>output.decoder</c> is <c>blazepose</c>, ignored otherwise.</summary>
    public BlazePoseSpec? BlazePose { get; set; }

    /// <summary>Absolute path of the BlazePose detector's .onnx file; null without a <see cref="BlazePose"/> section.</summary>
    [JsonIgnore]
    public string? DetectorPath => BlazePose is null
        ? null
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SourcePath) ?? ".", BlazePose.DetectorFile));

    /// <summary>With the <c>blazepose</c> decoder: the section is there and valid, and the card names the 33 body landmarks.</summary>
    private void ValidateBlazePose(ConfigProblems problems)
    {
        if (Output.Decoder != OutputDecoder.Blazepose)
        {
            return;
        }

        if (BlazePose is null)
        {
            problems.Error("blazePose", "is required by the blazepose decoder (the detector model and the pipeline's settings)");
            return;
        }

        BlazePose.Validate(problems, "blazePose");
        problems.Require(Keypoints.Length == 33, "keypoints", $"the blazepose decoder reports the 33 BlazePose body landmarks; the card names {Keypoints.Length}");
    }
}
