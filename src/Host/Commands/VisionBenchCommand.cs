using System.CommandLine;
using System.Text.Json;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Capture;
using RobotEdge.Vision.Preprocessing;
using RobotEdge.Vision.Reference;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge bench vision</c>: RobotEdge's preprocessing against OpenCV's <c>blobFromImage</c> on
/// the same 640×480 frame in the same process (→ 192² and → 256²), and capture-to-tensor time for
/// a 640×480 video file read through the OpenCV source (decode into the pooled frame, then
/// preprocessing into the input tensor). Prints figures; asserts nothing.
/// </summary>
public static class VisionBenchCommand
{
    private const int Width = 640;
    private const int Height = 480;

    /// <summary>Builds <c>bench vision</c>.</summary>
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "timed runs per preprocessing configuration", DefaultValueFactory = _ => 3000 };
        var frames = new Option<int>("--frames") { Description = "frames read from each video file", DefaultValueFactory = _ => 600 };
        var report = new Option<string?>("--report") { Description = "write the figures as JSON to this file" };
        var command = new Command("vision", "Benchmark preprocessing against OpenCV blobFromImage, and capture-to-tensor from a video file") { runs, frames, report };
        command.SetAction(parse => Run(parse.GetValue(runs), parse.GetValue(frames), parse.GetValue(report)));
        return command;
    }

    private static int Run(int runs, int frames, string? reportPath)
    {
        var figures = new Dictionary<string, object>();
        // One OpenCV thread, as in the loop (OpenCvFramePreprocessor sets it): every candidate runs on this thread only.
        Console.WriteLine($"[1/2] preprocessing {Width}x{Height} BGR -> RGB float NCHW /255, bilinear: RobotEdge managed and OpenCV letterbox vs OpenCV blobFromImage (its blob copied into a reused tensor)");
        var comparisons = new List<object>();
        // Against blobFromImage stretching to the full tensor, and to the letterbox's content size
        // (the same number of output pixels the letterbox computes per frame).
        foreach (int size in new[] { 192, 256 })
        {
            comparisons.Add(ComparePreprocessing(size, runs));
        }

        figures["preprocessVsBlobFromImage"] = comparisons;

        Console.WriteLine($"[2/2] capture-to-tensor, {Width}x{Height} video file through the OpenCV source (decode into the pooled frame + OpenCV letterbox to 256x256, the default preprocessing)");
        string folder = Path.Combine(Path.GetTempPath(), "robotedge-bench-vision-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            var captures = new List<object>();
            foreach ((string fourCc, string file) in new[] { ("FFV1", "clip.mkv"), ("MJPG", "clip.avi"), ("avc1", "clip.mp4") })
            {
                captures.Add(CaptureToTensor(Path.Combine(folder, file), fourCc, frames));
            }

            figures["captureToTensor"] = captures;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        if (reportPath is not null)
        {
            File.WriteAllText(reportPath, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            Console.WriteLine($"report written to {reportPath}");
        }

        return 0;
    }

    private static object ComparePreprocessing(int size, int runs)
    {
        var spec = new ModelInputSpec { Width = size, Height = size, ChannelOrder = ChannelOrder.Rgb, Mean = [0, 0, 0], Std = [255, 255, 255] };
        var managed = new FramePreprocessor(spec, Width, Height);
        var opencv = new OpenCvFramePreprocessor(spec, Width, Height);
        int contentHeight = managed.Geometry.ContentHeight;
        var blobFull = new OpenCvBlobFromImage(size, size, 1 / 255.0, [0, 0, 0], swapRedBlue: true);
        var blobContent = new OpenCvBlobFromImage(size, contentHeight, 1 / 255.0, [0, 0, 0], swapRedBlue: true);
        byte[] frame = RenderFrame();
        float[] tensorManaged = GC.AllocateArray<float>(managed.TensorLength, pinned: true);
        float[] tensorOpenCv = GC.AllocateArray<float>(opencv.TensorLength, pinned: true);
        float[] tensorBlob = GC.AllocateArray<float>(blobFull.TensorLength, pinned: true);
        managed.WriteBorder(tensorManaged);
        opencv.WriteBorder(tensorOpenCv);
        var times = new double[4][];
        for (int k = 0; k < 4; k++)
        {
            times[k] = new double[runs];
        }

        // Interleaved, so that all four see the same machine state (frequency, cache, neighbours).
        for (int i = -300; i < runs; i++)
        {
            long t0 = MonotonicClock.GetTimestampNs();
            managed.Run(frame, Width * 3, tensorManaged);
            long t1 = MonotonicClock.GetTimestampNs();
            opencv.Run(frame, Width * 3, tensorOpenCv);
            long t2 = MonotonicClock.GetTimestampNs();
            blobFull.Run(frame, Width, Height, Width * 3, tensorBlob);
            long t3 = MonotonicClock.GetTimestampNs();
            blobContent.Run(frame, Width, Height, Width * 3, tensorBlob);
            long t4 = MonotonicClock.GetTimestampNs();
            if (i >= 0)
            {
                times[0][i] = (t1 - t0) * 1e-6;
                times[1][i] = (t2 - t1) * 1e-6;
                times[2][i] = (t3 - t2) * 1e-6;
                times[3][i] = (t4 - t3) * 1e-6;
            }
        }

        double[] medians = times.Select(t => Percentile(t, 0.5)).ToArray();
        double best = Math.Min(medians[0], medians[1]);
        Console.WriteLine($"      -> {size}x{size} (content {size}x{contentHeight}), medians: managed {medians[0]:F4} ms, OpenCV letterbox {medians[1]:F4} ms, " +
                          $"blobFromImage -> {size}x{size} {medians[2]:F4} ms, -> {size}x{contentHeight} {medians[3]:F4} ms; " +
                          $"blobFromImage(content) / faster of ours = {medians[3] / best:F2}, blobFromImage(full) / managed = {medians[2] / medians[0]:F2}");
        return new
        {
            tensor = size,
            contentHeight,
            managedMedianMs = medians[0],
            openCvLetterboxMedianMs = medians[1],
            blobFromImageFullMedianMs = medians[2],
            blobFromImageContentMedianMs = medians[3],
            managedP99Ms = Percentile(times[0], 0.99),
            openCvLetterboxP99Ms = Percentile(times[1], 0.99),
            blobFromImageFullP99Ms = Percentile(times[2], 0.99),
            blobFromImageContentP99Ms = Percentile(times[3], 0.99),
        };
    }

    private static object CaptureToTensor(string path, string fourCc, int frames)
    {
        const int ClipFrames = 150;
        var camera = new PinholeCamera(Width, Height, 500, 500, 319.5, 239.5);
        var renderer = new SceneRenderer(camera);
        var target = Target();
        var cameraPose = new Transform3d(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);
        var pixels = new byte[Width * Height * 3];
        // OpenCvSharp's FFmpeg has no H.264 encoder (only h264_v4l2m2m, which needs a device):
        // the H.264 clip is rendered losslessly first and encoded by Debian's ffmpeg (libx264).
        bool transcode = fourCc == "avc1";
        string written = transcode ? Path.ChangeExtension(path, ".lossless.mkv") : path;
        using (var writer = new VideoFileWriter(written, transcode ? "FFV1" : fourCc, 30, Width, Height))
        {
            for (int i = 0; i < ClipFrames; i++)
            {
                var truth = default(FrameGroundTruth);
                renderer.Render(cameraPose, target, i / 30.0, pixels, ref truth);
                writer.Write(pixels, Width * 3);
            }
        }

        if (transcode)
        {
            using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", written, "-c:v", "libx264", "-pix_fmt", "yuv420p", path]);
            ffmpeg.WaitForExit();
            if (ffmpeg.ExitCode != 0)
            {
                throw new InvalidDataException($"ffmpeg could not encode {path} as H.264 (exit code {ffmpeg.ExitCode})");
            }
        }

        var spec = new ModelInputSpec { Width = 256, Height = 256 };
        var pre = new OpenCvFramePreprocessor(spec, Width, Height);
        float[] tensor = GC.AllocateArray<float>(pre.TensorLength, pinned: true);
        pre.WriteBorder(tensor);
        var pool = new FramePool(Width, Height, 1);
        pool.TryRent(out Frame? frame);
        using var source = OpenCvFrameSource.OpenFile(path, ReplayPacing.AsFastAsPossible, loop: true);
        for (int i = 0; i < 30; i++)
        {
            source.TryCapture(frame!);
            pre.Run(frame!.Pixels, frame.StrideBytes, tensor);
        }

        var decode = new double[frames];
        var total = new double[frames];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames; i++)
        {
            long t0 = MonotonicClock.GetTimestampNs();
            source.TryCapture(frame!);
            long t1 = MonotonicClock.GetTimestampNs();
            pre.Run(frame!.Pixels, frame.StrideBytes, tensor);
            long t2 = MonotonicClock.GetTimestampNs();
            decode[i] = (t1 - t0) * 1e-6;
            total[i] = (t2 - t0) * 1e-6;
        }

        double bytesPerFrame = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / frames;
        long fileBytes = new FileInfo(path).Length;
        Console.WriteLine($"      {fourCc} ({fileBytes / ClipFrames / 1024.0:F1} KiB/frame): capture-to-tensor median {Percentile(total, 0.5):F3} ms, p99 {Percentile(total, 0.99):F3} ms " +
                          $"(decode into the frame median {Percentile(decode, 0.5):F3} ms); managed allocation {bytesPerFrame:F1} B/frame");
        return new
        {
            codec = fourCc,
            frames,
            kibPerFrame = fileBytes / ClipFrames / 1024.0,
            captureToTensorMedianMs = Percentile(total, 0.5),
            captureToTensorP99Ms = Percentile(total, 0.99),
            decodeMedianMs = Percentile(decode, 0.5),
            allocatedBytesPerFrame = bytesPerFrame,
        };
    }

    private static byte[] RenderFrame()
    {
        var renderer = new SceneRenderer(new PinholeCamera(Width, Height, 500, 500, 319.5, 239.5));
        var pixels = new byte[Width * Height * 3];
        var truth = default(FrameGroundTruth);
        renderer.Render(new Transform3d(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero), Target(), 0, pixels, ref truth);
        return pixels;
    }

    private static MarkerTarget Target() => new(new TargetDefinition
    {
        MarkerSpacingM = 0.16,
        MarkerRadiusM = 0.02,
        Loop = true,
        Waypoints =
        [
            new WaypointDefinition { TimeS = 0, Position = [1.3, 0.4, 0.2] },
            new WaypointDefinition { TimeS = 2.5, Position = [1.9, -0.4, -0.2] },
            new WaypointDefinition { TimeS = 5, Position = [1.3, 0.4, 0.2] },
        ],
    });

    private static double Percentile(double[] values, double q)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
