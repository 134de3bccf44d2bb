using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Decoding;

/// <summary>Creates the decoder a model card names, checked against the model's actual output shapes.</summary>
public static class PoseDecoderFactory
{
    /// <summary>Creates the decoder for <paramref name="card"/>.</summary>
    /// <param name="card">The model card.</param>
    /// <param name="primaryShape">Shape of <c>output.name</c>, batch fixed to 1.</param>
    /// <param name="secondaryShape">Shape of <c>output.nameY</c> (SimCC), or null.</param>
    /// <param name="geometry">Where frames land in the input tensor.</param>
    /// <exception cref="ArgumentException">The shapes do not fit the decoder; the message says why.</exception>
    public static IPoseDecoder Create(ModelCard card, long[] primaryShape, long[]? secondaryShape, LetterboxGeometry geometry)
    {
        IPoseDecoder decoder = card.Output.Decoder switch
        {
            OutputDecoder.Heatmap => new HeatmapDecoder(card.Output, primaryShape, geometry),
            OutputDecoder.Simcc => new SimccDecoder(card.Output, primaryShape,
                secondaryShape ?? throw new ArgumentException("the simcc decoder needs the y-vector output (output.nameY)"), geometry),
            OutputDecoder.YoloPose => new YoloPoseDecoder(card.Output, primaryShape, card.Keypoints.Length, geometry),
            _ => throw new ArgumentException($"unknown decoder {card.Output.Decoder}"),
        };
        if (decoder.KeypointCount != card.Keypoints.Length)
        {
            throw new ArgumentException(
                $"model {card.ModelFile} reports {decoder.KeypointCount} keypoints, its card names {card.Keypoints.Length}");
        }

        return decoder;
    }
}
