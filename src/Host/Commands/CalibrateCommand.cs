using System.CommandLine;
using RobotEdge.Vision.Calibration;

namespace RobotEdge.Host.Commands;

/// <summary>
/// <c>robotedge calibrate --images DIR --board 9x6 --square-mm 25 --robot robots/NAME</c>: camera
/// intrinsics from chessboard photos (OpenCV calib3d), written into the robot's robot.json.
/// </summary>
public static class CalibrateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var images = new Option<string>("--images") { Description = "folder of chessboard images (png, jpg, bmp, tif)", Required = true };
        var board = new Option<string>("--board") { Description = "inner corners COLUMNSxROWS (a 10x7-square board is 9x6)", DefaultValueFactory = _ => "9x6" };
        var squareMm = new Option<double>("--square-mm") { Description = "side of one square, millimetres", DefaultValueFactory = _ => 25 };
        var robot = new Option<string>("--robot") { Description = "robot folder (robots/<name>) or its robot.json, whose camera section is updated", DefaultValueFactory = _ => SimCommand.DefaultRobot };
        var dryRun = new Option<bool>("--dry-run") { Description = "print the intrinsics without writing robot.json" };
        var command = new Command("calibrate", "Calibrate the camera from chessboard images and write the intrinsics into robot.json")
        {
            images, board, squareMm, robot, dryRun,
        };
        command.SetAction(parse => Run(parse.GetValue(images)!, parse.GetValue(board)!, parse.GetValue(squareMm), parse.GetValue(robot)!, parse.GetValue(dryRun)));
        return command;
    }

    private static int Run(string images, string boardText, double squareMm, string robot, bool dryRun)
    {
        ChessboardSpec board = ChessboardSpec.Parse(boardText, squareMm);
        CalibrationResult result;
        try
        {
            result = ChessboardCalibrator.CalibrateDirectory(images, board);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileNotFoundException(e.Message, e);
        }

        foreach (string rejected in result.RejectedImages)
        {
            Console.WriteLine($"  skipped {rejected}");
        }

        Console.WriteLine($"calibrated from {result.UsedImages.Count} images ({result.Width}x{result.Height}), reprojection RMS {result.RmsPx:F3} px");
        Console.WriteLine($"  fx {result.Fx:F2}  fy {result.Fy:F2}  cx {result.Cx:F2}  cy {result.Cy:F2}  (pixels)");
        Console.WriteLine($"  distortion k1 {result.Distortion[0]:F5}  k2 {result.Distortion[1]:F5}  p1 {result.Distortion[2]:F5}  p2 {result.Distortion[3]:F5}  k3 {result.Distortion[4]:F5}");
        if (dryRun)
        {
            return 0;
        }

        string file = RobotCameraConfigWriter.Write(robot, result);
        Console.WriteLine($"wrote camera.fx/fy/cx/cy/distortion into {file}");
        return 0;
    }
}
