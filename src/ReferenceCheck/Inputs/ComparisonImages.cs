using OpenCvSharp;

namespace RobotEdge.ReferenceCheck.Inputs;

/// <summary>Real images for the landmark comparison: opencv-doc's photos and frames spread over vtest.avi.</summary>
public static class ComparisonImages
{
    /// <summary>
    /// The images named by <paramref name="files"/> (default: opencv-doc's three photos with people),
    /// then <paramref name="videoFrames"/> frames of vtest.avi spread evenly over it. Yields each as
    /// (label, 8-bit BGR image); the caller disposes the images.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing (opencv-doc's: the message says to run scripts/bootstrap.sh).</exception>
    public static IEnumerable<(string Label, Mat Image)> Load(IReadOnlyList<string>? files, int videoFrames)
    {
        IReadOnlyList<string> paths = files is { Count: > 0 } ? files : ReferenceInputFactory.StillPhotos.Select(ReferenceInputFactory.SampleFile).ToArray();
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"image {path} does not exist", path);
            }

            Mat image = Cv2.ImRead(path, ImreadModes.Color);
            if (image.Empty())
            {
                image.Dispose();
                throw new InvalidDataException($"OpenCV cannot decode {path}");
            }

            yield return (Path.GetFileName(path), image);
        }

        if (videoFrames <= 0)
        {
            yield break;
        }

        string video = ReferenceInputFactory.SampleFile(ReferenceInputFactory.PedestrianVideo);
        using VideoCapture capture = OpenVideo(video);
        int total = Math.Max(1, capture.FrameCount);
        for (int i = 0; i < videoFrames; i++)
        {
            int index = (int)((long)i * (total - 1) / Math.Max(1, videoFrames - 1));
            capture.Set(VideoCaptureProperties.PosFrames, index);
            var frame = new Mat();
            if (!capture.Read(frame) || frame.Empty())
            {
                frame.Dispose();
                throw new InvalidDataException($"{video}: cannot read frame {index}");
            }

            yield return ($"{ReferenceInputFactory.PedestrianVideo} frame {index}", frame);
        }
    }

    /// <summary>Frame <paramref name="index"/> (from 0) of opencv-doc's vtest.avi, 8-bit BGR; the caller disposes it.</summary>
    public static Mat VideoFrame(int index)
    {
        string video = ReferenceInputFactory.SampleFile(ReferenceInputFactory.PedestrianVideo);
        using VideoCapture capture = OpenVideo(video);
        capture.Set(VideoCaptureProperties.PosFrames, index);
        var frame = new Mat();
        if (!capture.Read(frame) || frame.Empty())
        {
            frame.Dispose();
            throw new InvalidDataException($"{video}: cannot read frame {index}");
        }

        return frame;
    }

    private static VideoCapture OpenVideo(string path)
    {
        var capture = new VideoCapture(path);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new InvalidDataException($"OpenCV cannot open {path}");
        }

        return capture;
    }
}
