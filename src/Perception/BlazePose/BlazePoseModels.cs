using Microsoft.Extensions.Logging;
using RobotEdge.Perception.ModelImport;
using RobotEdge.Perception.Models;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Where a <c>blazepose</c> card's ONNX files come from: MediaPipe's TFLite models in the npm
/// package <c>@mediapipe/pose</c> (fetched, pinned and integrity-checked, by
/// <c>scripts/bootstrap.sh</c> into <c>tools/npm-data/node_modules</c>), converted once by
/// <see cref="TfliteImporter"/> and kept beside the card. Not real-time: called before the loop.
/// </summary>
public static partial class BlazePoseModels
{
    /// <summary>
    /// Makes sure both of <paramref name="card"/>'s models exist as ONNX files: a file that is
    /// missing, or older than its TFLite original (<see cref="BlazePoseSpec.DetectorSource"/>,
    /// <see cref="BlazePoseSpec.LandmarkSource"/>), is converted from it. The conversion writes a
    /// temporary file and renames it, so a reader never sees half a model. Returns how many files
    /// were converted.
    /// </summary>
    /// <exception cref="FileNotFoundException">A model is missing and cannot be made: no source named, or the npm data is not installed (the message says to run scripts/bootstrap.sh).</exception>
    /// <exception cref="NotSupportedException">The converter refuses the model (the message names the operator).</exception>
    public static int EnsureConverted(ModelCard card, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(card);
        BlazePoseSpec spec = card.BlazePose
            ?? throw new InvalidDataException($"model card {card.SourcePath ?? card.Name} has no blazePose section");
        int converted = 0;
        converted += EnsureOne(card.DetectorPath!, spec.DetectorSource, "blazePose.detectorSource", card, logger) ? 1 : 0;
        converted += EnsureOne(card.ModelPath, spec.LandmarkSource, "blazePose.landmarkSource", card, logger) ? 1 : 0;
        return converted;
    }

    /// <summary>
    /// The TFLite original <paramref name="relativePath"/> (relative to <c>node_modules</c>): looked
    /// up (<see cref="NpmDataFiles"/>) from the card's folder, then from the application's.
    /// </summary>
    /// <exception cref="FileNotFoundException">Not installed; the message says to run scripts/bootstrap.sh.</exception>
    public static string FindSource(string relativePath, string? cardFolder)
    {
        try
        {
            return NpmDataFiles.File(relativePath, cardFolder);
        }
        catch (FileNotFoundException) when (cardFolder is not null)
        {
            return NpmDataFiles.File(relativePath, AppContext.BaseDirectory);
        }
    }

    /// <summary>Converts <paramref name="onnxPath"/> from <paramref name="source"/> if it is missing or older; true when it did.</summary>
    private static bool EnsureOne(string onnxPath, string source, string field, ModelCard card, ILogger logger)
    {
        bool exists = File.Exists(onnxPath);
        if (string.IsNullOrWhiteSpace(source))
        {
            if (!exists)
            {
                throw new FileNotFoundException(
                    $"model {onnxPath} named by card {card.SourcePath} does not exist and the card names no TFLite original ({field}) to convert it from", onnxPath);
            }

            return false;
        }

        string tflite = FindSource(source, Path.GetDirectoryName(card.SourcePath));
        if (exists && File.GetLastWriteTimeUtc(onnxPath) >= File.GetLastWriteTimeUtc(tflite))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(onnxPath)!);
        string temporary = $"{onnxPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            LogConverting(logger, tflite, onnxPath);
            TfliteImporter.Import(tflite, temporary);
            File.Move(temporary, onnxPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return true;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Converting {Tflite} to {Onnx} (first use)")]
    private static partial void LogConverting(ILogger logger, string tflite, string onnx);
}
