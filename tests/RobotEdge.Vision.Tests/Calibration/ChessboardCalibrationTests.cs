using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Vision.Calibration;
using RobotEdge.Vision.Images;
using Xunit.Abstractions;

namespace RobotEdge.Vision.Tests.Calibration;

/// <summary>Calibration from chessboards the simulator renders with a known pinhole camera.</summary>
public class ChessboardCalibrationTests(ITestOutputHelper output)
{
    /// <summary>Deliberately not the default camera: unequal focal lengths, off-centre principal point.</summary>
    private static readonly PinholeCamera TrueCamera = new(640, 480, 520, 508, 326.4, 233.8);

    private static readonly ChessboardSpec Board = new(9, 6, 25);

    /// <summary>Renders <paramref name="views"/> boards at seeded poses (0.45–0.75 m, tilted up to ±35°) as PNGs; returns the corner truth per image.</summary>
    private static List<double[]> RenderViews(string folder, int views)
    {
        var renderer = new ChessboardRenderer(TrueCamera);
        var pixels = new byte[640 * 480 * 3];
        var truths = new List<double[]>();
        double square = Board.SquareMm / 1000;
        var boardCentre = new Vec3d(4 * square, 2.5 * square, 0);
        // Fixed seed: the same poses every run; poses that put a corner outside the image are redrawn.
        var random = new Random(96);
        while (truths.Count < views)
        {
            double Angle(double maxDeg) => (random.NextDouble() * 2 - 1) * maxDeg * Math.PI / 180;
            Mat3d rotation = Mat3d.RotationX(Angle(35)) * Mat3d.RotationY(Angle(35)) * Mat3d.RotationZ(Angle(20));
            double z = 0.45 + 0.3 * random.NextDouble();
            var aim = new Vec3d((random.NextDouble() - 0.5) * 0.25 * z, (random.NextDouble() - 0.5) * 0.2 * z, z);
            var pose = new Transform3d(rotation, aim - rotation.Transform(boardCentre));
            var corners = new double[2 * Board.CornerCount];
            if (!renderer.Render(pose, Board.Columns, Board.Rows, square, pixels, corners))
            {
                continue;
            }

            new BgrImage(640, 480, pixels).Write(Path.Combine(folder, $"view_{truths.Count:D2}.png"));
            truths.Add(corners);
        }

        return truths;
    }

    [Fact]
    public void CalibrationRecoversTheSimulatorsIntrinsicsWithinOnePercent()
    {
        using var temp = new TempDirectory();
        List<double[]> truths = RenderViews(temp.Path, 14);

        CalibrationResult result = ChessboardCalibrator.CalibrateDirectory(temp.Path, Board);

        output.WriteLine($"fx {result.Fx:F2} fy {result.Fy:F2} cx {result.Cx:F2} cy {result.Cy:F2} rms {result.RmsPx:F3} px, {result.UsedImages.Count} views");
        Assert.Equal(14, result.UsedImages.Count);
        Assert.Equal((640, 480), (result.Width, result.Height));
        Assert.True(Math.Abs(result.Fx / TrueCamera.Fx - 1) < 0.01, $"fx {result.Fx:F2} vs {TrueCamera.Fx}");
        Assert.True(Math.Abs(result.Fy / TrueCamera.Fy - 1) < 0.01, $"fy {result.Fy:F2} vs {TrueCamera.Fy}");
        Assert.True(Math.Abs(result.Cx / TrueCamera.Cx - 1) < 0.01, $"cx {result.Cx:F2} vs {TrueCamera.Cx}");
        Assert.True(Math.Abs(result.Cy / TrueCamera.Cy - 1) < 0.01, $"cy {result.Cy:F2} vs {TrueCamera.Cy}");
        Assert.True(result.RmsPx < 0.3, $"reprojection RMS {result.RmsPx:F3} px");
        // The renderer's lens is ideal: the radial terms come out small (a 1% radial change at the corner).
        Assert.True(Math.Abs(result.Distortion[0]) < 0.05, $"k1 {result.Distortion[0]:F4}");
        Assert.Equal(0, result.Distortion[4]);
    }

    [Fact]
    public void DetectedCornersLandOnTheirTrueProjections()
    {
        using var temp = new TempDirectory();
        List<double[]> truths = RenderViews(temp.Path, 3);
        var corners = new float[2 * Board.CornerCount];
        var errors = new List<double>();
        for (int v = 0; v < truths.Count; v++)
        {
            Assert.True(ChessboardCalibrator.TryFindCorners(BgrImage.Read(Path.Combine(temp.Path, $"view_{v:D2}.png")), Board, corners));
            for (int i = 0; i < Board.CornerCount; i++)
            {
                double dx = corners[2 * i] - truths[v][2 * i], dy = corners[2 * i + 1] - truths[v][2 * i + 1];
                errors.Add(Math.Sqrt(dx * dx + dy * dy));
            }
        }

        output.WriteLine($"corner error mean {errors.Average():F3} px, max {errors.Max():F3} px");
        Assert.True(errors.Average() < 0.1, $"mean corner error {errors.Average():F3} px");
        Assert.True(errors.Max() < 0.5, $"max corner error {errors.Max():F3} px");
    }

    [Fact]
    public void FolderWithoutBoardsIsRefusedWithACount()
    {
        using var temp = new TempDirectory();
        new BgrImage(64, 48, new byte[64 * 48 * 3]).Write(temp.File("blank.png"));
        var e = Assert.Throws<InvalidDataException>(() => ChessboardCalibrator.CalibrateDirectory(temp.Path, Board));
        Assert.Contains("found in 0 of 1 images", e.Message);
    }

    [Theory]
    [InlineData("9x6", 25, 9, 6)]
    [InlineData("7X5", 30, 7, 5)]
    public void BoardSpecsParse(string text, double mm, int columns, int rows)
    {
        ChessboardSpec spec = ChessboardSpec.Parse(text, mm);
        Assert.Equal((columns, rows, mm), (spec.Columns, spec.Rows, spec.SquareMm));
    }

    [Theory]
    [InlineData("9", 25)]
    [InlineData("1x6", 25)]
    [InlineData("9x6", 0)]
    public void BadBoardSpecsAreRefused(string text, double mm) =>
        Assert.Throws<ArgumentException>(() => ChessboardSpec.Parse(text, mm));

    [Fact]
    public void IntrinsicsAreWrittenIntoTheRobotConfigAndNothingElseChanges()
    {
        using var temp = new TempDirectory();
        string repoRobot = Path.Combine(RepoRoot(), "robots", "pan_tilt", "robot.json");
        string file = temp.File("robot.json");
        File.Copy(repoRobot, file);
        RobotConfig before = RobotConfigLoader.Load(file);
        var result = new CalibrationResult
        {
            Width = 640, Height = 480, Fx = 521.1234, Fy = 507.9, Cx = 326.0, Cy = 234.25,
            Distortion = [0.01, -0.002, 0.0001, 0.0002, 0], RmsPx = 0.1, UsedImages = [], RejectedImages = [],
        };

        RobotCameraConfigWriter.Write(file, result);

        RobotConfig after = RobotConfigLoader.Load(file);
        Assert.Equal((521.123, 507.9, 326.0, 234.25), (after.Camera.Fx, after.Camera.Fy, after.Camera.Cx, after.Camera.Cy));
        Assert.Equal([0.01, -0.002, 0.0001, 0.0002, 0], after.Camera.Distortion);
        Assert.Equal(before.Control.RateHz, after.Control.RateHz);
        Assert.Equal(before.Model.Card, after.Model.Card);
        Assert.Equal(before.Camera.Source, after.Camera.Source);

        var wrongSize = result with { Width = 1280, Height = 720 };
        Assert.Throws<InvalidDataException>(() => RobotCameraConfigWriter.Write(file, wrongSize));
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "RobotEdge.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("RobotEdge.sln not found above the test's folder");
    }
}
