using System.Buffers.Binary;
using System.IO.Compression;
using RobotEdge.Bus.Clocks;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Benchmarks;

/// <summary>
/// The console's video formats compared on the simulator's own frames: OpenCV's JPEG encoder (the
/// console's, <see cref="JpegEncoder"/>) at two qualities, PNG through System.IO.Compression's zlib (no filter and the Sub filter), and raw
/// BGR pixels for a canvas. The simulator renders flat colours, which lossless coding loves; a real
/// camera adds sensor noise, which it does not — so every format also runs on the same frames with
/// noise added (uniform, ±<see cref="NoiseLevels"/> levels per channel, fixed seed). Prints encoding
/// time and bytes per frame; asserts nothing.
/// </summary>
public static class VideoEncodingBenchmark
{
    /// <summary>Half-width of the added sensor noise, grey levels.</summary>
    public const int NoiseLevels = 4;

    /// <summary>One format's figures.</summary>
    public sealed record Result(string Format, bool Noisy, double MedianMs, double Bytes);

    /// <summary>Encodes <paramref name="frames"/> frames of the robot's scenario in each format.</summary>
    public static IReadOnlyList<Result> Run(RobotConfig config, int frames)
    {
        KinematicChain chain = KinematicChain.FromDescription(UrdfParser.Load(config.Resolve(config.Urdf)), config.BaseLink, config.CameraLink);
        ScenarioDefinition scenario = ScenarioDefinition.Load(config.Resolve(config.Sim.Scenario));
        MarkerTarget? target = scenario.Target is null ? null : new MarkerTarget(scenario.Target);
        PinholeCamera camera = PinholeCamera.FromConfig(config.Camera);
        var renderer = new SceneRenderer(camera);
        int w = camera.Width, h = camera.Height;
        var images = new byte[frames][];
        var truth = default(FrameGroundTruth);
        for (int i = 0; i < frames; i++)
        {
            images[i] = new byte[w * h * 3];
            renderer.Render(chain.ComputeTipPose([0.1 * Math.Sin(i * 0.05), 0.05]), target, i / config.Camera.Fps, images[i], ref truth);
        }

        var noisy = new byte[frames][];
        var random = new Random(3);
        for (int i = 0; i < frames; i++)
        {
            noisy[i] = new byte[images[i].Length];
            for (int p = 0; p < noisy[i].Length; p++)
            {
                noisy[i][p] = (byte)Math.Clamp(images[i][p] + random.Next(-NoiseLevels, NoiseLevels + 1), 0, 255);
            }
        }

        using var jpeg75 = new JpegEncoder(w, h, 75);
        using var jpeg90 = new JpegEncoder(w, h, 90);
        var rgb = new byte[(w * 3 + 1) * h];
        var output = new MemoryStream();
        var results = new List<Result>();
        foreach ((byte[][] set, bool isNoisy) in new[] { (images, false), (noisy, true) })
        {
            results.Add(Measure("JPEG q75 (OpenCV imencode)", isNoisy, set, img => jpeg75.Encode(img, w * 3).Length));
            results.Add(Measure("JPEG q90", isNoisy, set, img => jpeg90.Encode(img, w * 3).Length));
            results.Add(Measure("PNG, zlib fastest, no filter", isNoisy, set, img => Png(img, w, h, rgb, output, filterSub: false, CompressionLevel.Fastest)));
            results.Add(Measure("PNG, zlib fastest, Sub filter", isNoisy, set, img => Png(img, w, h, rgb, output, filterSub: true, CompressionLevel.Fastest)));
            results.Add(Measure("PNG, zlib optimal, Sub filter", isNoisy, set, img => Png(img, w, h, rgb, output, filterSub: true, CompressionLevel.Optimal)));
            results.Add(Measure("raw BGR24 (canvas putImageData)", isNoisy, set, img => img.Length));
        }

        return results;
    }

    private static Result Measure(string format, bool noisy, byte[][] images, Func<byte[], int> encode)
    {
        for (int i = 0; i < Math.Min(10, images.Length); i++)
        {
            encode(images[i]);
        }

        var ms = new double[images.Length];
        double bytes = 0;
        for (int i = 0; i < images.Length; i++)
        {
            long t0 = MonotonicClock.GetTimestampNs();
            bytes += encode(images[i]);
            ms[i] = (MonotonicClock.GetTimestampNs() - t0) * 1e-6;
        }

        Array.Sort(ms);
        return new Result(format, noisy, ms[ms.Length / 2], bytes / images.Length);
    }

    /// <summary>A complete PNG (signature, IHDR, one IDAT, IEND) of the BGR image as 8-bit RGB; returns its size.</summary>
    private static int Png(byte[] bgr, int w, int h, byte[] rgb, MemoryStream output, bool filterSub, CompressionLevel level)
    {
        int stride = w * 3 + 1;
        for (int y = 0; y < h; y++)
        {
            int row = y * stride;
            rgb[row] = (byte)(filterSub ? 1 : 0);
            for (int x = 0; x < w; x++)
            {
                int s = (y * w + x) * 3, d = row + 1 + x * 3;
                byte r = bgr[s + 2], g = bgr[s + 1], b = bgr[s];
                if (filterSub && x > 0)
                {
                    int p = s - 3;
                    r -= bgr[p + 2];
                    g -= bgr[p + 1];
                    b -= bgr[p];
                }

                rgb[d] = r;
                rgb[d + 1] = g;
                rgb[d + 2] = b;
            }
        }

        output.SetLength(0);
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, w);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], h);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        WriteChunk(output, "IHDR"u8, header);
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, level, leaveOpen: true))
        {
            z.Write(rgb);
        }

        WriteChunk(output, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(output, "IEND"u8, []);
        return (int)output.Length;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        uint crc = Crc32(Crc32(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    /// <summary>CRC-32 (ISO 3309, as PNG uses it), continued from <paramref name="crc"/>.</summary>
    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }
}
